package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.zt.policy.AccessRequest;
import dev.zt.policy.PolicyDecisionPoint;
import dev.zt.policy.Verdict;
import dev.zt.testing.Cerbos;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resource-level decisions by an OpenID AuthZEN PDP through the filter's {@code permission=} rules: a real Cerbos
 * (owner may approve, others {@code 403 pdp_denied}, batch decisions, shadow mode), and a small stub PDP for what
 * Cerbos cannot be made to do (slow, malformed, a mix-up discovery document, a step-up hint, counting calls).
 */
class AuthzenFilterTest {

    @TempDir
    Path dir;
    private final FilterFixture fx = new FilterFixture();
    private Cerbos cerbos;
    private HttpServer stub;
    /** Holds a hanging stub PDP's answer until the test is over (no wall-clock wait beyond zt's own timeout). */
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        fx.close();
        if (cerbos != null) {
            cerbos.close();
        }
        if (stub != null) {
            stub.stop(0);
        }
    }

    private void rules() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "POST /orders/{id}/approve permission=order:approve\n"
                + "GET /orders/{id} roles=user permission=order:read\n");
        fx.with("zt.rules", "file:" + rules);
    }

    private void startCerbos() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        try (InputStream in = Cerbos.class.getResourceAsStream("cerbos/order.yaml")) {
            Files.write(policies.resolve("order.yaml"), in.readAllBytes());
        }
        cerbos = Cerbos.start(policies, dir);
        fx.with("zt.authzen.pdp", cerbos.url());
    }

    /** A stub PDP answering every evaluation with {@code answer} (or not before the test ends), counting the calls. */
    private AtomicInteger stub(String discovery, String answer, boolean hang) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + stub.getAddress().getPort();
        stub.createContext("/.well-known/authzen-configuration", ex -> {
            byte[] b = (discovery == null ? "" : discovery.replace("BASE", base)).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(discovery == null ? 404 : 200, b.length == 0 ? -1 : b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        stub.createContext("/access/v1/evaluation", ex -> {
            calls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            if (hang) {
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS); // a PDP slower than any timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        stub.start();
        fx.with("zt.authzen.pdp", base);
        return calls;
    }

    private String token(String sub, String... roles) {
        return fx.access(fx.token().claim("sub", sub).claim("roles", List.of(roles)));
    }

    private HttpResponse<String> approve(String order, String token) throws Exception {
        return fx.server.send(fx.server.request("/orders/" + order + "/approve").header("Authorization", "Bearer "
                + token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void theOwnerMayApproveAndAnotherUserIsDeniedByCerbos() throws Exception {
        rules();
        startCerbos();
        fx.start();
        assertThat(approve("alice-42", token("alice")).statusCode()).isEqualTo(200);
        HttpResponse<String> bob = approve("alice-42", token("bob"));
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(bob.body()).contains("\"reason\":\"pdp_denied\"").doesNotContain("alice-42");
        assertThat(fx.server.get("/orders/alice-42", token("bob", "user")).statusCode()).isEqualTo(200);
        HttpResponse<String> noRole = fx.server.get("/orders/alice-42", token("bob", "guest"));
        assertThat(noRole.body()).contains("\"reason\":\"insufficient_role\""); // the local rule decides first
    }

    @Test
    void aBatchDecidesAListInOneCall() throws Exception {
        startCerbos();
        fx.start();
        PolicyDecisionPoint pdp = fx.engine.policyDecisionPoint().orElseThrow();
        VerifiedToken bob = fx.engine.verifier().verify(token("bob", "user"));
        AccessRequest r = AccessRequest.builder().token(bob).time(fx.clock.instant()).build();
        List<Verdict> v = pdp.decideAll(r, "approve", "order", List.of("bob-1", "alice-2", "bob-3"),
                PolicyDecisionPoint.Semantics.EXECUTE_ALL);
        assertThat(v).extracting(Verdict::granted).containsExactly(true, false, true);
        assertThat(v.get(1).reason()).contains(RejectionReason.PDP_DENIED);
    }

    @Test
    void shadowModeEnforcesNothingAndLogsTheDisagreement() throws Exception {
        rules();
        startCerbos();
        fx.with("zt.authzen.mode", "shadow").start();
        try (AuditCapture audit = new AuditCapture()) {
            assertThat(approve("alice-42", token("bob")).statusCode()).isEqualTo(200);
            assertThat(audit.matching("\"event\":\"pdp_disagreement\"", "\"mode\":\"shadow\"", "\"sub\":\"bob\"",
                    "order:alice-42 approve: local allow, pdp deny pdp_denied")).hasSize(1);
            assertThat(approve("alice-43", token("alice")).statusCode()).isEqualTo(200);
            assertThat(audit.matching("\"event\":\"pdp_disagreement\"")).hasSize(1); // they agreed
        }
        assertThat(fx.engine.events().counters()).containsEntry("reason.pdp_disagreement", 1L);
    }

    @Test
    void aPdpThatIsDownSlowOrMalformedRefusesWith503() throws Exception {
        rules();
        fx.with("zt.authzen.pdp", "http://127.0.0.1:1").start();
        HttpResponse<String> down = approve("alice-42", token("alice"));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"reason\":\"pdp_unavailable\"");
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aSlowPdpIsCutOffAtTheTimeout() throws Exception {
        rules();
        stub(null, "{\"decision\":true}", true);
        fx.with("zt.authzen.timeout", "200ms").start();
        HttpResponse<String> slow = approve("alice-42", token("alice"));
        assertThat(slow.statusCode()).isEqualTo(503);
        assertThat(slow.body()).contains("\"reason\":\"pdp_unavailable\"");
    }

    @Test
    void aMalformedAnswerIsNoDecision() throws Exception {
        rules();
        stub(null, "{\"decision\":\"yes\"}", false);
        fx.start();
        assertThat(approve("alice-42", token("alice")).body()).contains("\"reason\":\"pdp_unavailable\"");
    }

    @Test
    void aDiscoveryDocumentNamingAnotherPdpIsRefused() throws Exception {
        rules();
        stub("{\"policy_decision_point\":\"https://evil.example\",\"access_evaluation_endpoint\":"
                + "\"BASE/access/v1/evaluation\"}", "{\"decision\":true}", false);
        fx.start();
        assertThat(approve("alice-42", token("alice")).body()).contains("\"reason\":\"pdp_unavailable\"");
    }

    @Test
    void anEndpointOnAnotherOriginIsRefused() throws Exception {
        rules();
        stub("{\"policy_decision_point\":\"BASE\",\"access_evaluation_endpoint\":\"https://evil.example/e\"}",
                "{\"decision\":true}", false);
        fx.start();
        assertThat(approve("alice-42", token("alice")).body()).contains("\"reason\":\"pdp_unavailable\"");
    }

    @Test
    void aStepUpHintOfThePdpBecomesTheRfc9470Challenge() throws Exception {
        rules();
        stub("{\"policy_decision_point\":\"BASE\"}", "{\"decision\":false,\"context\":{\"acr_values\":\"mfa\","
                + "\"max_age\":300,\"reason_admin\":{\"en\":\"large amount\"}}}", false);
        fx.start();
        HttpResponse<String> r = approve("alice-42", token("alice"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"", "max_age=\"300\"");
        assertThat(r.body()).doesNotContain("large amount");
    }

    @Test
    void decisionsAreCachedForTheSameRequest() throws Exception {
        rules();
        AtomicInteger calls = stub(null, "{\"decision\":true}", false);
        fx.start();
        String alice = token("alice");
        assertThat(approve("alice-42", alice).statusCode()).isEqualTo(200);
        assertThat(approve("alice-42", alice).statusCode()).isEqualTo(200);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(approve("alice-43", alice).statusCode()).isEqualTo(200);
        assertThat(calls.get()).as("another resource is another decision").isEqualTo(2);
        fx.clock.advance(java.time.Duration.ofSeconds(6));
        String later = token("alice");
        assertThat(approve("alice-42", later).statusCode()).isEqualTo(200);
        assertThat(calls.get()).as("after zt.authzen.cache.ttl").isEqualTo(3);
    }

    @Test
    void aSessionsRequestsShareACachedDecisionThoughTheSessionAges() throws Exception {
        rules();
        AtomicInteger calls = stub(null, "{\"decision\":true}", false);
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer " + token("alice")).POST(HttpRequest.BodyPublishers.noBody()));
        String session = (String) dev.zt.internal.json.StrictJson.parseObject(created.body()).get("session_token");
        assertThat(approve("alice-42", session).statusCode()).isEqualTo(200);
        fx.clock.advance(java.time.Duration.ofSeconds(2));
        assertThat(approve("alice-42", session).statusCode()).isEqualTo(200);
        assertThat(calls.get()).as("session_age is sent, but not part of the cache key").isEqualTo(1);
    }

    @Test
    void zeroTrustAuthenticatesToThePdpWithAClientCredentialsToken() throws Exception {
        rules();
        AtomicInteger tokenCalls = new AtomicInteger();
        AtomicInteger authorized = new AtomicInteger();
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + stub.getAddress().getPort();
        stub.createContext("/token", ex -> {
            tokenCalls.incrementAndGet();
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = form.equals("grant_type=client_credentials") && ("Basic " + java.util.Base64.getEncoder()
                    .encodeToString("zt-pep:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = (ok ? "{\"access_token\":\"pdp-token\",\"token_type\":\"Bearer\",\"expires_in\":300}"
                    : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 401, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        stub.createContext("/access/v1/evaluation", ex -> {
            ex.getRequestBody().readAllBytes();
            boolean ok = "Bearer pdp-token".equals(ex.getRequestHeaders().getFirst("Authorization"));
            if (ok) {
                authorized.incrementAndGet();
            }
            byte[] b = "{\"decision\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 401, ok ? b.length : -1);
            if (ok) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        stub.start();
        fx.with("zt.authzen.pdp", base).with("zt.authzen.token-endpoint", base + "/token")
                .with("zt.authzen.client-id", "zt-pep").with("zt.authzen.secret", "env:PDP_SECRET")
                .with("zt.authzen.cache.ttl", "0s");
        fx.customizers.add(b -> b.environment(java.util.Map.of("PDP_SECRET", "s3cret")));
        fx.start();
        assertThat(approve("alice-42", token("alice")).statusCode()).isEqualTo(200);
        assertThat(approve("alice-43", token("alice")).statusCode()).isEqualTo(200);
        assertThat(authorized.get()).isEqualTo(2);
        assertThat(tokenCalls.get()).as("the PDP token is reused until it nears its expiry").isEqualTo(1);
    }

    @Test
    void aPermissionRuleWithoutAPdpFailsStartUp() throws Exception {
        rules();
        fx.start();
        dev.zt.filter.internal.settings.FilterSettings settings = new dev.zt.filter.internal.settings.FilterSettings(
                fx.engine.config(), getClass().getClassLoader());
        assertThatThrownBy(() -> new dev.zt.filter.internal.pipeline.Wiring(fx.engine, settings))
                .isInstanceOf(dev.zt.config.ConfigurationException.class).hasMessageContaining("zt.authzen.pdp");
    }
}
