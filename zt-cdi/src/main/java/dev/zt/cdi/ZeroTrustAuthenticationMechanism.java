package dev.zt.cdi;

import dev.zt.ZeroTrust;
import dev.zt.ZeroTrustContext;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Set;

/**
 * Makes the container see zt's caller: a Jakarta Security {@link HttpAuthenticationMechanism} that tells the container
 * who the token's subject is and which roles it has ({@code notifyContainerAboutLogin}), so that
 * {@code SecurityContext}, {@code HttpServletRequest.isUserInRole}, {@code EJBContext.getCallerPrincipal()} and EJB
 * {@code @RolesAllowed} all agree with zt.
 *
 * <p>It uses the same engine as the filter (published by the filter in the servlet context). When the filter already
 * decided the request, its result is used; otherwise (the container authenticates before filters run) the bearer
 * token is verified by the shared verifier, whose cache makes the filter's own verification a cache hit. Refusals are
 * left to the filter, which answers with zt's HTTP contract. Without a token nobody is logged in — never a caller
 * named {@code anonymous}.
 *
 * <p>On WildFly set {@code integrated-jaspi=false} on the application security domain (see {@code docs/wildfly.md}).
 */
@ApplicationScoped
public class ZeroTrustAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final System.Logger LOG = System.getLogger("dev.zt.cdi");

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Object decided = request.getAttribute(ZeroTrustContext.ATTRIBUTE);
        if (decided instanceof ZeroTrustContext) {
            VerifiedToken token = ((ZeroTrustContext) decided).token();
            return login(context, token);
        }
        String bearer = bearer(request);
        if (bearer == null) {
            return context.doNothing();
        }
        Object engine = request.getServletContext().getAttribute(ZeroTrust.class.getName());
        if (!(engine instanceof ZeroTrust)) {
            LOG.log(System.Logger.Level.DEBUG, "zt engine not started yet; the filter will authenticate");
            return context.doNothing();
        }
        try {
            return login(context, ((ZeroTrust) engine).verifier().verify(bearer));
        } catch (TokenRejectedException e) {
            return context.doNothing(); // the filter answers with the reason
        }
    }

    private static AuthenticationStatus login(HttpMessageContext context, VerifiedToken token) {
        String name = token.subject().orElse(null);
        if (name == null) {
            return context.doNothing();
        }
        Set<String> groups = token.roles();
        return context.notifyContainerAboutLogin(name, groups);
    }

    private static String bearer(HttpServletRequest request) {
        String h = request.getHeader("Authorization");
        if (h != null && h.length() > 7 && h.substring(0, 7).equalsIgnoreCase("bearer ")) {
            return h.substring(7).trim();
        }
        return null;
    }
}
