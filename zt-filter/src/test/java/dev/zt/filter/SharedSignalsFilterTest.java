package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.spi.store.RevocationStore;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestSets;
import dev.zt.testing.TestTokens;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Shared Signals endpoints over HTTP: {@code POST /zt/ssf/push} answers as RFC 8935 section 2 says (202, 400 with
 * {@code err}, 401, 429, 503), never 500; an event reaches the very next request (a revoked provider session, a
 * lowered assurance that a path rule then challenges, a non-compliant device); Global Token Revocation answers as its
 * draft says. Real signatures throughout.
 */
class SharedSignalsFilterTest {

    private static final String PUSH_AUTH = "Bearer push-secret-of-the-idp";

    @TempDir
    Path dir;
    private final FilterFixture fx = new FilterFixture();
    private final AtomicBoolean storeDown = new AtomicBoolean();

    @BeforeEach
    void configure() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /transfers/** acr=mfa\n");
        fx.with("zt.rules", "file:" + rules).with("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER)
                .with("zt.ssf.transmitters.idp.audience", TestSets.RECEIVER)
                .with("zt.ssf.transmitters.idp.push-authorization", "env:PUSH")
                .with("zt.ssf.push.rate-per-minute", "40").with("zt.risk.device-claim", "did")
                .with("zt.gtr.issuer", "default").with("zt.auth-failures.max-per-client", "10");
        RevocationStore inner = new InMemoryRevocationStore(fx.clock, 1000, Duration.ofHours(24));
        fx.customizers.add(b -> b.environment(Map.of("PUSH", PUSH_AUTH)).transmitterKeySource("idp", fx.keys)
                .revocationStore(new dev.zt.testing.FlakyRevocationStore(inner, storeDown)));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private HttpResponse<String> push(String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder b = fx.server.request("/zt/ssf/push").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return fx.server.send(b);
    }

    private HttpResponse<String> push(TestSets set) throws Exception {
        return push(PUSH_AUTH, "application/secevent+jwt", set.sign());
    }

    private TestSets set(String type, Map<String, Object> event, Map<String, Object> subject) {
        return TestSets.of(type, event, subject, fx.clock.instant());
    }

    private static String err(HttpResponse<String> r) {
        return (String) StrictJson.parseObject(r.body()).get("err");
    }

    private String token(String sub, String sid, String acr) {
        return fx.access(fx.token().claim("sub", sub).claim("sid", sid).claim("acr", acr)
                .claim("auth_time", fx.clock.instant().getEpochSecond()).claim("did", "laptop-7"));
    }

    @Test
    void aPushedSessionRevokedRefusesThatSessionsNextRequestAndIsAcceptedOnce() throws Exception {
        fx.start();
        String token = token("alice", "idp-s1", "pwd");
        assertThat(fx.server.get("/orders", token).statusCode()).isEqualTo(200);
        TestSets set = set(TestSets.CAEP + "session-revoked", Map.of(), TestSets.userSession("alice", "idp-s1"));
        HttpResponse<String> r = push(set);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        HttpResponse<String> next = fx.server.get("/orders", token);
        assertThat(next.statusCode()).isEqualTo(401);
        assertThat(next.body()).contains("token_revoked");
        assertThat(push(PUSH_AUTH, "application/secevent+jwt; charset=utf-8", set.sign()).statusCode())
                .as("the same jti again: acknowledged, no second effect").isEqualTo(202);
    }

    @Test
    void aPushWithoutTheTransmittersAuthorizationIs401AndChangesNothing() throws Exception {
        fx.start();
        String token = token("alice", "idp-s1", "pwd");
        String set = set(TestSets.CAEP + "session-revoked", Map.of(), TestSets.userSession("alice", "idp-s1")).sign();
        for (String auth : new String[] {null, "", "Bearer wrong", PUSH_AUTH + "x", "bearer push-secret-of-the-idp",
            "Bearer push-secret-of-the-id"}) {
            HttpResponse<String> r = push(auth, "application/secevent+jwt", set);
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(err(r)).isEqualTo("authentication_failed");
        }
        assertThat(fx.server.get("/orders", token).statusCode()).isEqualTo(200);
    }

    @Test
    void aBadSetIs400WithItsRfc8935CodeAndJunkIsNever500() throws Exception {
        fx.start();
        TestSets otherKey = set(TestSets.CAEP + "credential-change", Map.of(), TestSets.issSub("alice"));
        otherKey.key = TestKeys.RSA_2.getPrivate();
        assertThat(err(push(otherKey))).isEqualTo("invalid_key");
        assertThat(err(push(set(TestSets.CAEP + "credential-change", Map.of(), TestSets.issSub("alice"))
                .with("aud", "another-receiver")))).isEqualTo("invalid_audience");
        assertThat(err(push(set(TestSets.CAEP + "credential-change", Map.of(), TestSets.issSub("alice"))
                .with("iss", "https://evil.example")))).isEqualTo("invalid_issuer");
        assertThat(err(push(set("https://example.com/unknown-event", Map.of(), TestSets.issSub("alice")))))
                .isEqualTo("invalid_request");
        HttpResponse<String> type = push(PUSH_AUTH, "application/json", set(TestSets.CAEP + "credential-change",
                Map.of(), TestSets.issSub("alice")).sign());
        assertThat(type.statusCode()).isEqualTo(400);
        assertThat(err(type)).isEqualTo("invalid_request");
        HttpResponse<String> big = push(PUSH_AUTH, "application/secevent+jwt", "a".repeat(70_000));
        assertThat(big.statusCode()).isEqualTo(400);
        Random random = new Random(42);
        for (int i = 0; i < 25; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            String body = i % 2 == 0 ? new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : "eyJhbGciOiJSUzI1NiJ9." + java.util.Base64.getUrlEncoder().encodeToString(junk) + ".x";
            HttpResponse<String> r = push(PUSH_AUTH, "application/secevent+jwt", body);
            assertThat(r.statusCode()).as("junk %d", i).isEqualTo(400);
            assertThat(r.body()).doesNotContain("Exception");
        }
        for (int i = 0; i < 12; i++) { // zt.auth-failures.max-per-client wrong guesses from one address
            push("Bearer guess-" + i, "application/secevent+jwt", "x");
        }
        HttpResponse<String> locked = push(PUSH_AUTH, "application/secevent+jwt", "x");
        assertThat(locked.statusCode()).as("an address that guesses push secrets is locked out a while").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> get = fx.server.send(fx.server.request("/zt/ssf/push").GET());
        assertThat(get.statusCode()).as("a GET is the application's, and needs a token").isEqualTo(401);
    }

    @Test
    void pushesAboveTheRateAre429AndAStoreOutageIs503SoTheTransmitterDeliversAgain() throws Exception {
        fx.with("zt.ssf.push.rate-per-minute", "3").start();
        String token = token("alice", "idp-s1", "pwd");
        fx.clock.advance(Duration.ofSeconds(2));
        TestSets set = set(TestSets.CAEP + "credential-change", Map.of(), TestSets.issSub("alice"));
        storeDown.set(true);
        HttpResponse<String> down = push(set);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        storeDown.set(false);
        assertThat(push(set).statusCode()).as("delivered again").isEqualTo(202);
        assertThat(fx.server.get("/orders", token).statusCode()).isEqualTo(401);
        assertThat(push(set).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = push(set);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aLoweredAssuranceMakesThePathThatNeedsMfaChallengeAndLeavesTheRestAlone() throws Exception {
        fx.start();
        String token = token("alice", "idp-s1", "mfa");
        assertThat(fx.server.get("/transfers/1", token).statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofSeconds(5));
        Map<String, Object> event = new LinkedHashMap<>(Map.of("current_level", "pwd", "previous_level", "mfa",
                "change_direction", "decrease", "namespace", "custom", "event_timestamp",
                fx.clock.instant().getEpochSecond()));
        assertThat(push(set(TestSets.CAEP + "assurance-level-change", event, TestSets.issSub("alice"))).statusCode())
                .isEqualTo(202);
        HttpResponse<String> transfer = fx.server.get("/transfers/1", token);
        assertThat(transfer.statusCode()).isEqualTo(401);
        assertThat(transfer.headers().firstValue("WWW-Authenticate").orElse(""))
                .contains("insufficient_user_authentication").contains("acr_values=\"mfa\"");
        assertThat(fx.server.get("/orders", token).statusCode()).as("a path that needs no mfa").isEqualTo(200);
        fx.clock.advance(Duration.ofSeconds(5));
        assertThat(fx.server.get("/transfers/1", token("alice", "idp-s1", "mfa")).statusCode())
                .as("a new authentication after the report").isEqualTo(200);
    }

    @Test
    void aDeviceReportedNotCompliantEndsTheCallerOnItsNextRequest() throws Exception {
        fx.start();
        String token = fx.access(fx.token().claim("sub", "alice").claim("jti", "at-1").claim("did", "laptop-7"));
        // (mfa, so that the second device of alice is learned, not challenged as new)
        String other = fx.access(fx.token().claim("sub", "alice").claim("jti", "at-2").claim("did", "phone-2")
                .claim("acr", "mfa"));
        String noJti = fx.access(fx.token().claim("sub", "alice").claim("did", "laptop-7"));
        assertThat(fx.server.get("/orders", token).statusCode()).isEqualTo(200);
        Map<String, Object> event = new LinkedHashMap<>(Map.of("current_status", "not-compliant",
                "previous_status", "compliant", "event_timestamp", fx.clock.instant().getEpochSecond()));
        Map<String, Object> subject = Map.of("format", "complex", "user", TestSets.issSub("alice"), "device",
                Map.of("format", "opaque", "id", "laptop-7"));
        assertThat(push(set(TestSets.CAEP + "device-compliance-change", event, subject)).statusCode()).isEqualTo(202);
        HttpResponse<String> next = fx.server.get("/orders", token);
        assertThat(next.statusCode()).isEqualTo(401);
        assertThat(fx.server.get("/orders", token).body()).as("revoked, not just refused once")
                .contains("token_revoked");
        assertThat(fx.server.get("/orders", noJti).statusCode()).as("nothing to revoke: refused on every request")
                .isEqualTo(403);
        assertThat(fx.server.get("/orders", other).statusCode()).as("another device").isEqualTo(200);
    }

    // ---- Global Token Revocation ----

    private HttpResponse<String> gtr(String bearer, String contentType, String body) throws Exception {
        HttpRequest.Builder b = fx.server.request("/zt/global-token-revocation")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return fx.server.send(b);
    }

    @Test
    void globalTokenRevocationAnswersAsItsDraftSays() throws Exception {
        fx.start();
        String alice = token("alice", "idp-s1", "pwd");
        String tool = fx.access(fx.token().claim("sub", "secops-tool").claim("scope", "global_token_revocation"));
        String noScope = fx.access(fx.token().claim("sub", "secops-tool").claim("scope", "orders:read"));
        fx.clock.advance(Duration.ofSeconds(2));
        String body = "{\"sub_id\":{\"format\":\"iss_sub\",\"iss\":\"" + TestTokens.ISSUER
                + "\",\"sub\":\"alice\"}}";
        assertThat(gtr(null, "application/json", body).statusCode()).isEqualTo(401);
        assertThat(gtr("not-a-token", "application/json", body).statusCode()).isEqualTo(401);
        assertThat(gtr(noScope, "application/json", body).statusCode()).isEqualTo(403);
        assertThat(gtr(tool, "text/plain", body).statusCode()).isEqualTo(400);
        assertThat(gtr(tool, "application/json", "{\"sub_id\":{\"format\":\"did\",\"url\":\"x\"}}")
                .statusCode()).isEqualTo(400);
        assertThat(gtr(tool, "application/json", "{\"sub_id\":{\"format\":\"iss_sub\",\"iss\":\"https://other\""
                + ",\"sub\":\"x\"}}").statusCode()).isEqualTo(404);
        assertThat(fx.server.get("/orders", alice).statusCode()).isEqualTo(200);
        assertThat(gtr(tool, "application/json", body).statusCode()).isEqualTo(204);
        assertThat(fx.server.get("/orders", alice).statusCode()).isEqualTo(401);
        assertThat(gtr(tool, "application/json", "{\"subject\":{\"format\":\"opaque\",\"id\":\"bob\"}}")
                .statusCode()).as("the earlier drafts' member name").isEqualTo(204);
    }
}
