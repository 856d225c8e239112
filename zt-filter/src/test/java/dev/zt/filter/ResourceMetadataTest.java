package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** RFC 9728 protected resource metadata at {@code /.well-known/oauth-protected-resource}, served without a token. */
class ResourceMetadataTest {

    @TempDir
    Path dir;
    private final FilterFixture fx = new FilterFixture();

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private HttpResponse<String> metadata() throws Exception {
        return fx.server.get("/.well-known/oauth-protected-resource", null);
    }

    @Test
    void theDocumentNamesTheIssuersScopesAndSenderConstraints() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /orders/** scopes=orders:read\nPOST /orders scopes-all=orders:write,audit\n");
        fx.with("zt.rules", "file:" + rules).start();
        HttpResponse<String> r = metadata();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        Map<String, Object> doc = StrictJson.parseObject(r.body());
        assertThat(doc).containsEntry("resource", "http://127.0.0.1:" + fx.server.port + "/app")
                .containsEntry("authorization_servers", List.of(TestTokens.ISSUER))
                .containsEntry("scopes_supported", List.of("audit", "orders:read", "orders:write"))
                .containsEntry("bearer_methods_supported", List.of("header"))
                .containsEntry("dpop_bound_access_tokens_required", false)
                .containsEntry("tls_client_certificate_bound_access_tokens", true)
                .containsEntry("acr_values_supported", List.of("pwd", "mfa"));
        assertThat(doc.get("dpop_signing_alg_values_supported").toString()).contains("ES256", "EdDSA");
    }

    @Test
    void theConfiguredResourceAndARequiredDpopAreAdvertised() throws Exception {
        fx.with("zt.resource", "https://api.example.com/app").with("zt.dpop", "required").start();
        Map<String, Object> doc = StrictJson.parseObject(metadata().body());
        assertThat(doc).containsEntry("resource", "https://api.example.com/app")
                .containsEntry("dpop_bound_access_tokens_required", true);
    }

    @Test
    void withAConfiguredResourceEveryChallengeNamesTheMetadata() throws Exception {
        fx.with("zt.resource", "https://api.example.com/app").start();
        String challenge = fx.server.get("/orders", null).headers().firstValue("WWW-Authenticate").orElseThrow();
        String param = "resource_metadata=\"https://api.example.com/app/.well-known/oauth-protected-resource\"";
        assertThat(challenge).startsWith("Bearer realm=\"zt\", " + param + ", DPoP realm=\"zt\", " + param + ", algs=");
        String expired = fx.access(fx.token().claim("exp", fx.clock.instant().minusSeconds(600).getEpochSecond()));
        assertThat(fx.server.get("/orders", expired).headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", " + param + ", error=\"invalid_token\"");
    }

    @Test
    void turnedOffThePathIsTheApplicationsAndNeedsAToken() throws Exception {
        fx.with("zt.resource-metadata", "false").start();
        assertThat(metadata().statusCode()).isEqualTo(401);
    }

    @Test
    void onlyGetIsTheDocument() throws Exception {
        fx.start();
        HttpResponse<String> post = fx.server.send(fx.server.request("/.well-known/oauth-protected-resource")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.statusCode()).isEqualTo(401);
    }
}
