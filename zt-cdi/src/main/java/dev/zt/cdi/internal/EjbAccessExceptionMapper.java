package dev.zt.cdi.internal;

import dev.zt.internal.http.Problem;
import dev.zt.token.RejectionReason;
import jakarta.ejb.EJBAccessException;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Renders the EJB container's own denial (an EJB's {@code @RolesAllowed} refusing the caller) as zt's 403
 * {@code insufficient_role} problem instead of a 500.
 */
@Provider
public class EjbAccessExceptionMapper implements ExceptionMapper<EJBAccessException> {

    @Context
    ServletContext servletContext;

    @Override
    public Response toResponse(EJBAccessException exception) {
        return JaxrsProblems.response(Problem.of(RejectionReason.INSUFFICIENT_ROLE, JaxrsProblems.realm(servletContext),
                0));
    }
}
