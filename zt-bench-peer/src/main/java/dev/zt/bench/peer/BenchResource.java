package dev.zt.bench.peer;

import dev.zt.cdi.RequiresScope;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The same trivial answer as the sample's {@code HealthResource}: {@code GET /bench/api/open} with no security at all
 * (no zt filter in this deployment; MicroProfile JWT is not attempted without a token), and {@code GET /bench/api/mp},
 * which MicroProfile JWT protects (a verified token whose {@code groups} contain {@code user}); the zt deployments
 * protect the same paths (bench-zt: the filter alone; bench-cdi: the filter and zt-cdi).
 */
@Path("/")
@ApplicationScoped
public class BenchResource {

    /** No filter, no token. */
    @GET
    @Path("open")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public String open() {
        return "ok";
    }

    /**
     * MicroProfile JWT: a verified bearer token in group {@code user}; behind zt, the same through zt's identity, and in
     * {@code bench-cdi.war} zt-cdi's interceptor also checks the scope (elsewhere the JVM drops the annotation, whose
     * class is not deployed).
     */
    @GET
    @Path("mp")
    @RolesAllowed("user")
    @RequiresScope("orders:read")
    @Produces(MediaType.TEXT_PLAIN)
    public String mp() {
        return "ok";
    }
}
