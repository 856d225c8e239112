package dev.zt.sample.api;

import dev.zt.cdi.RequiresPermission;
import dev.zt.cdi.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Orders: reading needs scope {@code orders:read}, creating needs {@code orders:write}. Approving one is the
 * resource-level decision: as shipped, the path rule lets admins approve; with a policy decision point
 * ({@code zt.authzen.pdp}) the rule {@code POST /api/orders/{id}/approve permission=order:approve} asks it, and the
 * sample's Cerbos policy ({@code sample-war/cerbos/order.yaml}) lets only an order's owner approve (docs/authzen.md).
 * Cancelling one is asked of the PDP by annotation: without {@code zt.authzen.pdp} it is refused (503
 * {@code pdp_unavailable}, fail closed).
 */
@Path("/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @GET
    @RequiresScope("orders:read")
    public JsonObject list() {
        return Json.createObjectBuilder().add("orders", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("id", 1001).add("item", "book"))
                .add(Json.createObjectBuilder().add("id", 1002).add("item", "lamp"))).build();
    }

    @POST
    @Path("/{id}/approve")
    public JsonObject approve(@PathParam("id") String id) {
        return Json.createObjectBuilder().add("id", id).add("status", "approved").build();
    }

    @POST
    @Path("/{id}/cancel")
    @RequiresPermission(resource = "order", action = "cancel", id = "{id}")
    public JsonObject cancel(@PathParam("id") String id) {
        return Json.createObjectBuilder().add("id", id).add("status", "cancelled").build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("orders:write")
    public JsonObject create(JsonObject order) {
        return Json.createObjectBuilder().add("id", 1003).add("item", order.getString("item", "?"))
                .add("status", "created").build();
    }
}
