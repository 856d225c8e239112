package dev.zt.cdi.internal;

import dev.zt.internal.http.Problem;
import dev.zt.token.RejectionReason;
import jakarta.ejb.EJBAccessException;
import jakarta.ws.rs.ext.Provider;

/**
 * Renders the EJB container's own denial (an EJB's {@code @RolesAllowed} refusing the caller) as zt's 403
 * {@code insufficient_role} problem instead of a 500.
 */
@Provider
public class EjbAccessExceptionMapper extends ProblemMapper<EJBAccessException> {

    @Override
    Problem problem(EJBAccessException exception, String realm) {
        return Problem.of(RejectionReason.INSUFFICIENT_ROLE, realm, 0);
    }
}
