package dev.zt.sample.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The same trivial answer at two addresses: {@code GET /sample/api/health}, a public path (the load balancer's health
 * check, which zt lets through after the request firewall), and {@code GET /sample/api/ping}, which like everything
 * else needs a verified caller. The load benchmark ({@code zt-bench/load/wrk-sample.sh}) compares the two, so the
 * ratio is zt's cost per request on identical application work.
 */
@Path("/")
@ApplicationScoped
public class HealthResource {

    /** Public: no token needed. */
    @GET
    @Path("health")
    @Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "ok";
    }

    /** Protected by the filter: token, session and risk checks. */
    @GET
    @Path("ping")
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "ok";
    }
}
