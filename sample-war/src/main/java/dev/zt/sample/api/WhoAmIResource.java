package dev.zt.sample.api;

import dev.zt.ZeroTrustContext;
import dev.zt.cdi.Authenticated;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /sample/api/whoami}: any authenticated caller; what zt knows about it. */
@Path("/whoami")
@RequestScoped
@Authenticated
public class WhoAmIResource {

    @Inject
    ZeroTrustContext zt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject whoami() {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("sub", zt.subject().orElse(""))
                .add("roles", Json.createArrayBuilder(zt.token().roles()))
                .add("scopes", Json.createArrayBuilder(zt.token().scopes()))
                .add("acr", zt.token().acr().orElse(""))
                .add("country", zt.country().orElse(""))
                .add("client", zt.clientAddress());
        zt.session().ifPresent(s -> b.add("session_expires_at", s.currentExpiresAt().toString()));
        if (zt.session().isEmpty()) {
            b.add("session_expires_at", "");
        }
        return b.build();
    }
}
