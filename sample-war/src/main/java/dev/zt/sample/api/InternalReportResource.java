package dev.zt.sample.api;

import dev.zt.ZeroTrustContext;
import dev.zt.cdi.RequiresClaim;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /sample/api/internal/report}: accepts only the reports service's own identity. */
@Path("/internal/report")
@RequestScoped
public class InternalReportResource {

    static final String SERVICE = "urn:zt:service:sample-reports";

    @Inject
    ZeroTrustContext zt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresClaim(name = "iss", value = SERVICE)
    public JsonObject report() {
        return Json.createObjectBuilder().add("report", "daily-sales").add("total", 12345)
                .add("served_to", zt.subject().orElse("")).build();
    }
}
