package dev.zt.cdi;

import dev.zt.ZeroTrustContext;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Beans protected by every annotation, for the in-process CDI tests. */
final class Beans {
    private Beans() {
    }

    @RequestScoped
    @Authenticated
    static class Orders {
        String list() {
            return "list";
        }

        @RequiresScope("orders:write")
        String create() {
            return "create";
        }

        @RequiresScope(value = {"a", "b"}, all = true)
        String bothScopes() {
            return "both";
        }

        @RequiresRole("admin")
        String delete() {
            return "delete";
        }

        @RequiresRole(value = {"a", "b"}, all = true)
        String bothRoles() {
            return "both";
        }

        @PermitAll
        String ping() {
            return "pong";
        }

        @DenyAll
        String nuke() {
            return "boom";
        }

        @RequiresAcr(value = "mfa", maxAge = 300)
        String transfer() {
            return "transfer";
        }

        @MaxRisk(10)
        String risky() {
            return "risky";
        }

        @RequiresProofOfPossession
        String pay() {
            return "pay";
        }

        @RequiresProofOfPossession(dpop = true)
        String payWithDpop() {
            return "pay";
        }

        @RequiresPermission(resource = "order", action = "approve", id = "{0}")
        String approve(String order) {
            return "approved " + order;
        }

        @RequiresClaim(name = "tenant", value = "acme")
        @RequiresClaim(name = "groups", value = "finance")
        String tenant() {
            return "tenant";
        }

        @RolesAllowed("auditor")
        String audit() {
            return "audit";
        }
    }

    /** {@code @RolesAllowed} on a plain CDI bean: Jakarta leaves it unenforced, zt enforces it. */
    @ApplicationScoped
    @RolesAllowed("admin")
    static class AdminService {
        String stats() {
            return "stats";
        }

        @PermitAll
        String health() {
            return "ok";
        }
    }

    @RequiresRole("user")
    static class BaseResource {
        @RequiresScope("read")
        String read() {
            return "base-read";
        }

        String other() {
            return "base-other";
        }
    }

    /** Inherits the class default and the overridden method's requirement. */
    @RequestScoped
    static class ChildResource extends BaseResource {
        @Override
        String read() {
            return "child-read";
        }

        @RequiresRole("admin")
        String adminOnly() {
            return "admin";
        }
    }

    /** Not annotated at all: not intercepted. */
    @ApplicationScoped
    static class Open {
        String hello() {
            return "hello";
        }
    }

    @jakarta.enterprise.context.Dependent
    static class Injected {
        @Inject
        ZeroTrustContext context;

        @Inject
        @Claim("email")
        String email;

        @Inject
        @Claim("nickname")
        Optional<String> nickname;

        @Inject
        @Claim("groups")
        Set<String> groups;

        @Inject
        @Claim("auth_time")
        Instant authTime;
    }

    /** Annotated on its interface only. */
    interface Reports {
        @RequiresRole("auditor")
        String daily();

        String open();
    }

    @ApplicationScoped
    static class ReportsBean implements Reports {
        @Override
        public String daily() {
            return "daily";
        }

        @Override
        public String open() {
            return "open";
        }
    }
}
