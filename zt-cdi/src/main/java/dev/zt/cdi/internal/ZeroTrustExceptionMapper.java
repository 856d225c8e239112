package dev.zt.cdi.internal;

import dev.zt.lang.ZtException;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Renders zt's refusals thrown inside JAX-RS ({@link dev.zt.AccessDeniedException} 403,
 * {@link dev.zt.StepUpRequiredException} 401 RFC 9470, token rejections) exactly as the filter does: same status,
 * same {@code WWW-Authenticate}, same {@code application/problem+json} with the {@code reason} code. Discovered
 * automatically as a JAX-RS provider.
 */
@Provider
public class ZeroTrustExceptionMapper implements ExceptionMapper<ZtException> {

    @Context
    ServletContext servletContext;

    @Override
    public Response toResponse(ZtException exception) {
        return JaxrsProblems.response(JaxrsProblems.problem(exception, JaxrsProblems.realm(servletContext)));
    }
}
