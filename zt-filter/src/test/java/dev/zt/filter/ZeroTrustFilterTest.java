package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.spi.keys.KeySet;
import dev.zt.testing.TestKeys;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter's request path and HTTP contract over real HTTP (in-process Undertow), with real signatures. */
class ZeroTrustFilterTest {

    private final FilterFixture fx = new FilterFixture();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private static void assertProblem(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.body()).contains("\"reason\":\"" + reason + "\"").contains("\"status\":" + status)
                .contains("\"type\":\"urn:dev.zt:reason:" + reason + "\"").contains("\"title\":")
                .contains("\"detail\":").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void requestWhenNoTokenThen401WithBareBearerChallenge() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.get("/orders", null);
        assertProblem(r, 401, "token_missing");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"zt\", DPoP realm=\"zt\","
                + " algs=\"ES256 ES384 ES512 EdDSA PS256 PS384 PS512 RS256 RS384 RS512\"");
    }

    @Test
    void requestWhenRealmConfiguredThenChallengeNamesIt() throws Exception {
        fx.with("zt.realm", "acme").start();
        assertThat(fx.server.get("/orders", null).headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"acme\", DPoP realm=\"acme\", algs=");
    }

    @Test
    void requestWhenValidTokenThenApplicationSeesTheCaller() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.get("/orders", fx.access(fx.token().claim("roles", List.of("admin"))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("user=alice", "auth=BEARER", "admin=true", "principal=alice", "client=127.0.0.1");
    }

    @Test
    void requestWhenTokenInvalidThen401InvalidTokenWithReason() throws Exception {
        fx.start();
        String token = fx.token().sign("RS256", TestKeys.RSA_2.getPrivate());
        HttpResponse<String> r = fx.server.get("/orders", token);
        assertProblem(r, 401, "signature_invalid");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", error=\"invalid_token\", error_description=\"");
        assertThat(r.body()).doesNotContain(token);
    }

    @Test
    void requestWhenTokenExpiredThenTokenExpired() throws Exception {
        fx.start();
        String token = fx.access();
        fx.clock.advance(Duration.ofMinutes(6));
        assertProblem(fx.server.get("/orders", token), 401, "token_expired");
    }

    @Test
    void requestWhenHeaderAndCookieDifferThenInvalidRequest() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer "
                + fx.access()).header("Cookie", "__Host-zt-session=" + fx.access(fx.token().claim("x", 1))));
        assertProblem(r, 400, "invalid_request");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void requestWhenTwoAuthorizationHeadersOrMalformedBearerThenInvalidRequest() throws Exception {
        fx.start();
        String token = fx.access();
        assertThat(fx.server.raw("GET /app/orders HTTP/1.1", "Authorization: Bearer " + token,
                "Authorization: Bearer " + token)).startsWith("HTTP/1.1 400");
        assertProblem(fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer a b")), 400,
                "invalid_request");
    }

    @Test
    void requestWhenBearerSchemeInOtherCaseThenAccepted() throws Exception {
        fx.start();
        assertThat(fx.server.send(fx.server.request("/orders").header("Authorization", "bEaReR " + fx.access()))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void requestWhenTokenOnlyInQueryThenNeverRead() throws Exception {
        fx.start();
        assertProblem(fx.server.get("/orders?access_token=" + fx.access(), null), 401, "token_missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/a/../orders", "/app/./orders", "/app//orders", "/app/a%2forders", "/app/a%2Forders",
        "/app/a%5corders", "/app/%2e%2e/orders", "/app/a%252forders", "/app/a;x=1/orders", "/app/a\\orders",
        "/app/a%00", "/app/orders/.."})
    void firewallWhenPathIsOddThen400RequestRejected(String path) throws Exception {
        fx.start();
        String response = fx.server.raw("GET " + path + " HTTP/1.1", "Authorization: Bearer " + fx.access());
        assertThat(response).startsWith("HTTP/1.1 400");
        if (!path.contains("\\")) { // Undertow itself refuses a raw backslash before any filter runs
            assertThat(response).contains("\"reason\":\"request_rejected\"");
        }
    }

    @Test
    void firewallWhenServletSessionIdThenAllowed() throws Exception {
        fx.start();
        assertThat(fx.server.raw("GET /app/orders;jsessionid=abc HTTP/1.1", "Authorization: Bearer " + fx.access()))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void firewallWhenUnknownMethodThenRejected() throws Exception {
        fx.start();
        assertThat(fx.server.raw("TRACE /app/orders HTTP/1.1", "Authorization: Bearer " + fx.access()))
                .startsWith("HTTP/1.1 400");
    }

    @Test
    void publicPathsWhenConfiguredThenSkipAuthenticationAndNothingElseDoes() throws Exception {
        fx.with("zt.public-paths", "/health, /static/**").start();
        assertThat(fx.server.get("/health", null).statusCode()).isEqualTo(200);
        assertThat(fx.server.get("/static/css/site.css", null).statusCode()).isEqualTo(200);
        assertThat(fx.server.get("/healthz", null).statusCode()).isEqualTo(401);
        assertThat(fx.server.get("/health/admin", null).statusCode()).isEqualTo(401);
    }

    @Test
    void proxiesWhenPeerNotTrustedThenForwardedHeadersIgnored() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("X-Forwarded-For", "203.0.113.9"));
        assertThat(r.body()).contains("client=127.0.0.1");
    }

    @Test
    void proxiesWhenPeerTrustedThenRightMostUntrustedHopIsTheClient() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.0/8, 10.0.0.0/8").start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 10.1.2.3"));
        assertThat(r.body()).contains("client=203.0.113.9");
    }

    @Test
    void proxiesWhenForwardedHeaderConfiguredThenItIsTheOneRead() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.0/8, 10.0.0.0/8").with("zt.forwarded-header", "forwarded").start();
        HttpResponse<String> f = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\""));
        assertThat(f.body()).contains("client=2001:db8::1");
    }

    @Test
    void rulesWhenScopeMissingThen403InsufficientScope() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "# test rules\nPOST /orders/** scopes=orders:write\nGET /orders/** scopes=orders:read\n");
        fx.with("zt.rules", "file:" + rules).start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders/1").header("Authorization", "Bearer "
                + fx.access(fx.token().claim("scope", "orders:read"))).POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(r, 403, "insufficient_scope");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:write\"");
        assertThat(fx.server.get("/orders/1", fx.access(fx.token().claim("scope", "orders:read"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void rulesWhenRoleMissingThen403WithoutChallenge() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /admin/** roles=admin\n");
        fx.with("zt.rules", "file:" + rules).start();
        HttpResponse<String> r = fx.server.get("/admin/stats", fx.access());
        assertProblem(r, 403, "insufficient_role");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(fx.server.get("/admin/stats", fx.access(fx.token().claim("roles", List.of("admin")))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void rulesWhenAcrMissingThen401StepUpChallenge() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "* /transfers acr=mfa max-age=5m\n");
        fx.with("zt.rules", "file:" + rules).start();
        HttpResponse<String> r = fx.server.get("/transfers", fx.access(fx.token().claim("acr", "pwd")));
        assertProblem(r, 401, "step_up_required");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
                "error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"", "max_age=\"300\"",
                "error_description=\"");
        assertThat(r.body()).contains("\"acr_values\":\"mfa\"", "\"max_age\":300");
        long now = fx.clock.instant().getEpochSecond();
        assertThat(fx.server.get("/transfers", fx.access(fx.token().claim("acr", "mfa").claim("auth_time", now - 60)))
                .statusCode()).isEqualTo(200);
        assertThat(fx.server.get("/transfers", fx.access(fx.token().claim("acr", "mfa").claim("auth_time",
                now - 600))).statusCode()).isEqualTo(401);
    }

    @Test
    void rulesWhenDefaultDenyThenUnmatchedPathsForbidden() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /orders/** authenticated\n");
        fx.with("zt.rules", "file:" + rules).with("zt.rules.default", "deny").start();
        assertThat(fx.server.get("/orders/1", fx.access()).statusCode()).isEqualTo(200);
        assertProblem(fx.server.get("/other", fx.access()), 403, "access_denied");
    }

    @Test
    void keySourceWhenUnavailableThen503WithRetryAfter() throws Exception {
        fx.keys = () -> {
            throw new IllegalStateException("JWKS down");
        };
        fx.with("zt.retry-after", "7s").start();
        HttpResponse<String> r = fx.server.get("/orders", fx.access());
        assertProblem(r, 503, "key_source_unavailable");
        assertThat(r.headers().firstValue("Retry-After")).contains("7");
        assertThat(r.body()).doesNotContain("JWKS down");
    }

    @Test
    void keySourceWhenEmptyThenKeyUnknown() throws Exception {
        fx.keys = KeySet::empty;
        fx.start();
        assertProblem(fx.server.get("/orders", fx.access()), 401, "key_unknown");
    }

    @Test
    void browserWhenNavigatingWithoutTokenThenRedirectedToLoginWithSameOriginReturn() throws Exception {
        fx.with("zt.login-url", "/login").start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders?page=2").header("Accept",
                "text/html,application/xhtml+xml"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow())
                .endsWith("/app/login?return=%2Fapp%2Forders%3Fpage%3D2");
        HttpResponse<String> api = fx.server.send(fx.server.request("/orders").header("Accept", "application/json"));
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void reportOnlyWhenDeniedThenLoggedButNotBlocked() throws Exception {
        fx.with("zt.mode", "report-only").start();
        assertThat(fx.server.get("/orders", null).statusCode()).isEqualTo(200);
        HttpResponse<String> r = fx.server.get("/orders", fx.token().sign("RS256", TestKeys.RSA_2.getPrivate()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("user=null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zt.mode=audit", "zt.trusted-proxies=proxy.example.com", "zt.rules.default=allow",
        "zt.login-url=//evil.example/login", "zt.endpoints.prefix=zt", "zt.realm=a\"b", "zt.public-paths=health",
        "zt.retry-after=soon", "zt.cookie.name=a b", "zt.rules=http://example.com/rules", "zt.forwarded-header=via",
        "zt.form.max-bytes=0", "zt.form.max-fields=lots", "zt.executor=pool", "zt.container-identity=jaspi"})
    void configurationWhenFilterKeyInvalidThenStartupFailsNamingIt(String entry) {
        String key = entry.substring(0, entry.indexOf('='));
        fx.with(key, entry.substring(key.length() + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.zt.filter.internal.settings.FilterSettings(
                dev.zt.config.ZtConfig.builder().moduleKeys(dev.zt.filter.internal.settings.FilterSettings.KEYS)
                        .source(dev.zt.config.ConfigSource.of("test", fx.settings)).build(),
                getClass().getClassLoader())).isInstanceOf(dev.zt.config.ConfigurationException.class)
                .hasMessageContaining(key);
    }

    @Test
    void rulesWhenFileHasBadLineThenStartupFailsNamingTheLine() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /a authenticated\nGET /b rolez=admin\n");
        fx.with("zt.rules", "file:" + rules);
        dev.zt.config.ZtConfig config = dev.zt.config.ZtConfig.builder()
                .moduleKeys(dev.zt.filter.internal.settings.FilterSettings.KEYS)
                .source(dev.zt.config.ConfigSource.of("test", fx.settings)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.zt.filter.internal.settings.FilterSettings(config,
                getClass().getClassLoader())).hasMessageContaining("line 2").hasMessageContaining("rolez");
    }

    @Test
    void responsesNeverCarryStackTracesForGarbage() throws Exception {
        fx.start();
        for (String junk : new String[] {"x", "a.b.c", "e30.e30.e30", "eyJhbGciOiJub25lIn0.e30.", "....",
            "a".repeat(9000)}) {
            HttpResponse<String> r = fx.server.get("/orders", junk);
            assertThat(r.statusCode()).as(junk).isIn(400, 401);
            assertThat(r.body()).doesNotContain("Exception").doesNotContain(junk.length() > 10 ? junk : "\u0000");
        }
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void applicationRefusalsSurfacingThroughTheServletAreRenderedLikeTheFilters() throws Exception {
        fx.start();
        HttpResponse<String> scope = fx.server.get("/deny", fx.access());
        assertProblem(scope, 403, "insufficient_scope");
        assertThat(scope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"orders:write\"");
        HttpResponse<String> stepUp = fx.server.get("/stepup", fx.access());
        assertProblem(stepUp, 401, "step_up_required");
        assertThat(stepUp.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("acr_values=\"mfa\"", "max_age=\"300\"");
        assertProblem(fx.server.get("/ejb", fx.access()), 403, "insufficient_role");
    }

    @Test
    void problemBodyIsValidJsonWithUtf8() throws Exception {
        fx.start();
        HttpResponse<byte[]> r = fx.server.client.send(fx.server.request("/x").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(dev.zt.internal.json.StrictJson.parseObject(body)).containsEntry("status", 401L)
                .containsEntry("reason", "token_missing");
    }
}
