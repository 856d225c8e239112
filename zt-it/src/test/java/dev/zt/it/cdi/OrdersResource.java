package dev.zt.it.cdi;

import dev.zt.ZeroTrustContext;
import dev.zt.cdi.Authenticated;
import dev.zt.cdi.Claim;
import dev.zt.cdi.MaxRisk;
import dev.zt.cdi.RequiresAcr;
import dev.zt.cdi.RequiresClaim;
import dev.zt.cdi.RequiresRole;
import dev.zt.cdi.RequiresScope;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.Optional;

/** A JAX-RS resource protected by each annotation. */
@Path("/orders")
@RequestScoped
@Authenticated
@Produces(MediaType.TEXT_PLAIN)
public class OrdersResource {

    @Inject
    jakarta.enterprise.inject.Instance<ZeroTrustContext> zt; // Instance: this resource also serves a @PermitAll method

    @Inject
    @Claim("email")
    Optional<String> email;

    @Inject
    SecurityContext security;

    @Inject
    jakarta.enterprise.inject.Instance<HttpAuthenticationMechanism> mechanisms;

    @Inject
    AuditService audit;

    @Inject
    LegacyAuditService legacy;

    @Context
    HttpServletRequest request;

    @GET
    public String list() {
        return "sub=" + zt.get().subject().orElse("-") + " email=" + email.orElse("-") + " caller="
                + security.getCallerPrincipal().getName() + " userInRoleAdmin=" + request.isUserInRole("admin");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("orders:write")
    public String create(Map<String, Object> order) {
        return "created " + order.size();
    }

    @GET
    @Path("admin")
    @RequiresRole("admin")
    public String admin() {
        return "admin";
    }

    @GET
    @Path("transfer")
    @RequiresAcr(value = "mfa", maxAge = 300)
    public String transfer() {
        return "transfer";
    }

    @GET
    @Path("risk")
    @MaxRisk(50)
    public String risk() {
        return "risk ok";
    }

    @GET
    @Path("tenant")
    @RequiresClaim(name = "tenant", value = "acme")
    public String tenant() {
        return "tenant";
    }

    @GET
    @Path("auditor")
    @RolesAllowed("auditor")
    public String auditor() {
        return "auditor";
    }

    @GET
    @Path("never")
    @DenyAll
    public String never() {
        return "never";
    }

    @GET
    @Path("ejb")
    public String ejb() {
        return audit.who();
    }

    @GET
    @Path("legacy")
    public String legacy() {
        return legacy.check();
    }

    /** How the container got zt's caller: zt's Jakarta Security mechanism, Elytron's filter, both or neither. */
    @GET
    @Path("identity")
    public String identity() {
        return "mechanism=" + mechanisms.isResolvable() + " elytron-filter="
                + (request.getServletContext().getFilterRegistration("zt-container-identity") != null);
    }

    @GET
    @Path("public")
    @PermitAll
    public String open() {
        return "public principal=" + request.getUserPrincipal();
    }
}
