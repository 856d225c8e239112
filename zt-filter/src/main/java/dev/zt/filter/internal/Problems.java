package dev.zt.filter.internal;

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
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    /**
     * The refusal carried by an exception or one of its causes ({@link AccessDeniedException},
     * {@link StepUpRequiredException}, the EJB container's {@code EJBAccessException}), or {@code null}.
     */
    public static Problem fromException(Throwable t, String realm) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AccessDeniedException) {
                AccessDeniedException e = (AccessDeniedException) c;
                return Problem.of(e.reason(), e.getMessage(), realm, 0, e.scopes(), null, null);
            }
            if (c instanceof StepUpRequiredException) {
                StepUpRequiredException e = (StepUpRequiredException) c;
                return Problem.stepUp(e.getMessage(), realm, e.acr(), e.maxAge().orElse(null));
            }
            if (c.getClass().getName().equals("jakarta.ejb.EJBAccessException")) {
                return Problem.of(dev.zt.token.RejectionReason.INSUFFICIENT_ROLE, "the caller lacks a role this"
                        + " operation requires", realm, 0);
            }
        }
        return null;
    }
}
