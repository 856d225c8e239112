package dev.zt.filter.internal.endpoint;

import dev.zt.config.IssuerConfig;
import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.internal.json.JsonWriter;
import dev.zt.policy.Verdict;
import dev.zt.token.SenderConstraints;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code GET /.well-known/oauth-protected-resource} inside the application: its OAuth 2.0 Protected Resource Metadata
 * (RFC 9728 section 2), so that a client can learn how to get a token zt accepts without documentation: the resource
 * identifier ({@code zt.resource}, else the request's origin and context path), the authorization servers (the user
 * issuers' {@code iss}), the scopes the path rules name, the bearer methods, the DPoP algorithms and whether DPoP-bound
 * tokens are required (RFC 9449 section 5.1), certificate-bound token support (RFC 8705), and, as an extension, the
 * {@code acr} values zt knows. Public by nature, and nothing in it is secret; {@code zt.resource-metadata=false} turns
 * it off. A WAR deployed at the server root serves it at the very URL RFC 9728 section 3 derives from the resource.
 */
public final class ResourceMetadataEndpoint extends Endpoint {

    /** Where the document is, inside the application. */
    public static final String PATH = "/.well-known/oauth-protected-resource";

    /** Creates the endpoint. */
    public ResourceMetadataEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        HttpServletRequest req = x.request();
        List<String> servers = new ArrayList<>();
        boolean allRequireDpop = true;
        boolean anyUser = false;
        for (IssuerConfig ic : w.engine.config().issuers().values()) {
            if (ic.type() == IssuerConfig.Type.USER) {
                servers.add(ic.issuer());
                anyUser = true;
                allRequireDpop &= ic.dpop() == IssuerConfig.DpopPolicy.REQUIRED;
            }
        }
        SenderConstraints sc = w.engine.senderConstraints();
        JsonWriter json = JsonWriter.object(JsonWriter.UNLIMITED).field("resource", resource(req))
                .field("authorization_servers", servers)
                .field("scopes_supported", new TreeSet<>(w.settings.rules.scopes()))
                .field("bearer_methods_supported", List.of("header"))
                .field("tls_client_certificate_bound_access_tokens", true);
        if (sc.dpopAccepted()) {
            json.field("dpop_signing_alg_values_supported", new TreeSet<>(sc.dpopAlgorithms()))
                    .field("dpop_bound_access_tokens_required", anyUser && allRequireDpop);
        }
        json.field("acr_values_supported", w.engine.config().session().acrOrder());
        byte[] body = json.end().getBytes(StandardCharsets.UTF_8);
        HttpServletResponse res = x.response();
        res.setStatus(200);
        res.setContentType("application/json");
        res.setHeader("Cache-Control", "public, max-age=300");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        return Verdict.handled();
    }

    private String resource(HttpServletRequest req) {
        if (w.settings.resource != null) {
            return w.settings.resource;
        }
        List<String> urls = w.settings.requestUrls.of(req); // the origin a trusted proxy reports, or zt.dpop.origins
        String url = urls.get(0);
        int pathStart = url.indexOf('/', url.indexOf("://") + 3);
        return url.substring(0, pathStart).toLowerCase(Locale.ROOT) + req.getContextPath();
    }
}
