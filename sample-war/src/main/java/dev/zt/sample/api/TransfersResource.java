package dev.zt.sample.api;

import dev.zt.cdi.RequiresAcr;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Money transfers need a multi-factor authentication ({@code acr=mfa}): step-up, RFC 9470. */
@Path("/transfers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TransfersResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresAcr("mfa")
    public JsonObject transfer(JsonObject transfer) {
        return Json.createObjectBuilder().add("status", "done")
                .add("amount", transfer.getJsonNumber("amount") == null ? 0 : transfer.getJsonNumber("amount")
                        .intValue()).build();
    }
}
