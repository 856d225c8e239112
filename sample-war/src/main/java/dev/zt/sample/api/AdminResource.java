package dev.zt.sample.api;

import dev.zt.cdi.RequiresRole;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Administration: {@code stats} needs role {@code admin} (zt annotation); {@code audit} is served by an EJB. */
@Path("/admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    AuditLog audit;

    @GET
    @Path("stats")
    @RequiresRole("admin")
    public JsonObject stats() {
        return Json.createObjectBuilder().add("orders", 1042).add("transfers", 77).add("users", 2).build();
    }

    @GET
    @Path("audit")
    public JsonObject audit() {
        return Json.createObjectBuilder().add("entries", Json.createArrayBuilder(audit.recent())).build();
    }
}
