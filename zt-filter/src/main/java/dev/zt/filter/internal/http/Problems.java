package dev.zt.filter.internal.http;

import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.internal.http.Problem;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/** Writes zt's refusals ({@link Problem}) to a servlet response. */
public final class Problems {

    private Problems() {
    }

    /** Writes the problem, replacing anything buffered. */
    public static void write(HttpServletResponse res, Problem problem) throws IOException {
        res.resetBuffer();
        res.setStatus(problem.status());
        for (Map.Entry<String, String> h : problem.headers().entrySet()) {
            res.setHeader(h.getKey(), h.getValue());
        }
        byte[] body = problem.body();
        res.setContentType(Problem.CONTENT_TYPE);
        try {
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        } catch (IllegalStateException e) { // the application took the writer before refusing: answer through it
            res.setCharacterEncoding("UTF-8");
            res.getWriter().write(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The reason code of the refusal an exception carries (see {@link #fromException}). */
    public static String reasonOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AccessDeniedException) {
                return ((AccessDeniedException) c).reason().code();
            }
            if (c instanceof StepUpRequiredException) {
                return dev.zt.token.RejectionReason.STEP_UP_REQUIRED.code();
            }
            if (c instanceof dev.zt.token.TokenRejectedException) {
                return ((dev.zt.token.TokenRejectedException) c).reason().code();
            }
        }
        return dev.zt.token.RejectionReason.INSUFFICIENT_ROLE.code();
    }

    /**
     * The refusal carried by an exception or one of its causes ({@link AccessDeniedException},
     * {@link StepUpRequiredException}, a {@link dev.zt.token.TokenRejectedException} from zt's API, the EJB container's
     * {@code EJBAccessException}), or {@code null}.
     */
    public static Problem fromException(Throwable t, String realm, long retryAfterSeconds) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AccessDeniedException) {
                AccessDeniedException e = (AccessDeniedException) c;
                return Problem.of(e.reason(), realm, 0, e.scopes(), null, null);
            }
            if (c instanceof StepUpRequiredException) {
                StepUpRequiredException e = (StepUpRequiredException) c;
                return Problem.stepUp(realm, e.acr(), e.maxAge().orElse(null));
            }
            if (c instanceof dev.zt.token.TokenRejectedException) { // e.g. SessionManager.create on a full store
                dev.zt.token.RejectionReason r = ((dev.zt.token.TokenRejectedException) c).reason();
                return r == dev.zt.token.RejectionReason.STEP_UP_REQUIRED
                        || r == dev.zt.token.RejectionReason.INSUFFICIENT_SCOPE
                        ? Problem.of(dev.zt.token.RejectionReason.ACCESS_DENIED, realm, retryAfterSeconds)
                        : Problem.of(r, realm, retryAfterSeconds);
            }
            if (c.getClass().getName().equals("jakarta.ejb.EJBAccessException")) {
                return Problem.of(dev.zt.token.RejectionReason.INSUFFICIENT_ROLE, realm, 0);
            }
        }
        return null;
    }
}
