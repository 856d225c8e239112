package dev.zt.cdi.internal;

import dev.zt.ZeroTrust;
import dev.zt.internal.http.Problem;
import dev.zt.token.RejectionReason;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Turns zt refusals into JAX-RS responses identical to the filter's. */
public final class JaxrsProblems {

    private JaxrsProblems() {
    }

    /** The realm configured for the application ({@code zt.realm}), or {@code zt}. */
    public static String realm(ServletContext servletContext) {
        Object engine = servletContext == null ? null : servletContext.getAttribute(ZeroTrust.class.getName());
        if (engine instanceof ZeroTrust) {
            return ((ZeroTrust) engine).config().setting("zt.realm").filter(s -> !s.isEmpty()).orElse("zt");
        }
        return "zt";
    }

    /** The problem for a zt exception. */
    public static Problem problem(RuntimeException e, String realm) {
        return problem(e, realm, null);
    }

    /**
     * The problem for a zt exception in an application of {@code servletContext}: with the {@code DPoP} challenge
     * when its engine accepts DPoP (RFC 9449 section 7.1).
     */
    public static Problem problem(RuntimeException e, ServletContext servletContext) {
        Object engine = servletContext == null ? null : servletContext.getAttribute(ZeroTrust.class.getName());
        Problem.Challenge challenge = engine instanceof ZeroTrust ? Problem.Challenge.of(((ZeroTrust) engine)
                .senderConstraints(), false, null) : null;
        return problem(e, realm(servletContext), challenge);
    }

    private static Problem problem(RuntimeException e, String realm, Problem.Challenge challenge) {
        Problem p = Problem.forException(e, realm, 5, challenge);
        return p != null ? p : Problem.of(RejectionReason.ZT_UNAVAILABLE, realm, 5);
    }

    /** A JAX-RS response carrying the problem. */
    public static Response response(Problem p) {
        Response.ResponseBuilder b = Response.status(p.status()).type(Problem.CONTENT_TYPE).entity(p.body());
        for (Map.Entry<String, String> h : p.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b.build();
    }
}
