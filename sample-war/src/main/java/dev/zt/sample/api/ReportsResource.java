package dev.zt.sample.api;

import dev.zt.ZeroTrust;
import dev.zt.cdi.Authenticated;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET /sample/api/reports/pull}: calls the internal report service over HTTP, as another service would, with
 * this service's own short-lived token. Internal calls prove themselves too.
 */
@Path("/reports")
@RequestScoped
@Authenticated
public class ReportsResource {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Context
    ServletContext servletContext;

    @Context
    HttpServletRequest request;

    @GET
    @Path("pull")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pull() throws IOException, InterruptedException {
        ZeroTrust zt = (ZeroTrust) servletContext.getAttribute(ZeroTrust.class.getName());
        URI internal = URI.create("http://127.0.0.1:" + request.getLocalPort() + request.getContextPath()
                + "/api/internal/report");
        HttpRequest call = zt.serviceTokens().orElseThrow().authorize(HttpRequest.newBuilder(internal)
                .timeout(Duration.ofSeconds(10)).GET(), "sample-internal").build();
        HttpResponse<String> answer = HTTP.send(call, HttpResponse.BodyHandlers.ofString());
        return Response.status(answer.statusCode()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }
}
