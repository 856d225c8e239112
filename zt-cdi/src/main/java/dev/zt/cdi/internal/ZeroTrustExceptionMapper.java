package dev.zt.cdi.internal;

import dev.zt.internal.http.Problem;
import dev.zt.lang.ZtException;
import jakarta.ws.rs.ext.Provider;

/**
 * Renders zt's refusals thrown inside JAX-RS ({@link dev.zt.AccessDeniedException} 403,
 * {@link dev.zt.StepUpRequiredException} 401 RFC 9470, token rejections) exactly as the filter does: same status,
 * same {@code WWW-Authenticate}, same {@code application/problem+json} with the {@code reason} code. Discovered
 * automatically as a JAX-RS provider.
 */
@Provider
public class ZeroTrustExceptionMapper extends ProblemMapper<ZtException> {

    @Override
    Problem problem(ZtException exception, String realm) {
        return JaxrsProblems.problem(exception, servletContext);
    }
}
