package dev.zt.it.cdi;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** An EJB protected by the standard annotation: the container must see the token's caller and roles. */
@Stateless
public class AuditService {

    @Resource
    SessionContext ejb;

    @RolesAllowed("admin")
    public String who() {
        return ejb.getCallerPrincipal().getName() + " admin=" + ejb.isCallerInRole("admin");
    }
}
