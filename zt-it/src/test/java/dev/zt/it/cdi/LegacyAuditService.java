package dev.zt.it.cdi;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/**
 * An EJB that refuses callers the way the EJB container does, with an {@code EJBAccessException} (here from its own
 * role check against the container's view of the caller): zt's mapper must answer 403 problem+json, never 500.
 */
@Stateless
public class LegacyAuditService {

    @Resource
    SessionContext ejb;

    public String check() {
        if (!ejb.isCallerInRole("auditor")) {
            throw new jakarta.ejb.EJBAccessException("caller is not an auditor");
        }
        return "audited";
    }
}
