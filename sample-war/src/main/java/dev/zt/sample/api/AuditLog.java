package dev.zt.sample.api;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

import java.util.List;

/** A legacy EJB guarded by the container: only callers with role {@code admin} (as zt mapped it) get in. */
@Stateless
public class AuditLog {

    @Resource
    SessionContext ejb;

    @RolesAllowed("admin")
    public List<String> recent() {
        String caller = ejb.getCallerPrincipal().getName();
        return List.of("2026-11-30T09:00:00Z order 1001 created by alice", "2026-11-30T09:05:00Z transfer 77 by bob",
                "read by " + caller);
    }
}
