package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.spi.risk.RiskSignal;
import dev.zt.testing.TestChecks;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The risk engine's decisions enforced by the filter, end to end over HTTP. */
class RiskFilterTest {

    private final FilterFixture fx = new FilterFixture();
    private final AuditCapture audit = new AuditCapture();
    /** The browser's device cookie, set by the exchange (cookie-mode sessions are bound to it). */
    private String device;

    @TempDir
    Path dir;

    @BeforeEach
    void geo() throws Exception {
        Path geo = dir.resolve("geo.csv");
        Files.writeString(geo, "192.0.2.0/24,DE,52.52,13.40\n198.51.100.0/24,FR,48.85,2.35\n"
                + "203.0.113.0/24,US,40.71,-74.01\n");
        fx.with("zt.geo.cidr-file", "file:" + geo).with("zt.trusted-proxies", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
        audit.close();
    }

    private HttpResponse<String> get(String cookie, String from) throws Exception {
        return fx.server.send(fx.server.request("/orders").header("Cookie", jar(cookie))
                .header("X-Forwarded-For", from));
    }

    private String jar(String session) {
        return "__Host-zt-session=" + session + (device == null ? "" : "; __Host-zt-device=" + device);
    }

    private String cookie(HttpResponse<String> r) {
        String d = cookieNamed(r, "__Host-zt-device");
        if (d != null) {
            device = d;
        }
        return cookieNamed(r, "__Host-zt-session");
    }

    @Test
    void newCountryAsksForStepUpAndTheExchangeOfAnMfaTokenCompletesIt() throws Exception {
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).header("X-Forwarded-For", "192.0.2.10")
                .POST(HttpRequest.BodyPublishers.noBody()));
        String session = cookie(created);
        assertThat(get(session, "192.0.2.10").statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> abroad = get(session, "198.51.100.20");
        assertThat(abroad.statusCode()).isEqualTo(401);
        assertThat(abroad.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"");
        assertThat(abroad.body()).contains("\"reason\":\"step_up_required\"").doesNotContain("new_country");
        assertThat(audit.matching("\"decision\":\"STEP_UP\"", "new_country")).as("the signal goes to the audit log")
                .hasSize(1);
        String current = cookie(abroad) != null ? cookie(abroad) : session;

        fx.clock.advance(Duration.ofMinutes(1));
        long now = fx.clock.instant().getEpochSecond();
        HttpResponse<String> stepUp = fx.server.send(fx.server.request("/zt/session")
                .header("Authorization", "Bearer " + fx.access(fx.token().claim("acr", "mfa").claim("auth_time", now)))
                .header("Cookie", jar(current)).header("X-Forwarded-For", "198.51.100.20")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(200);
        String upgraded = cookie(stepUp);
        assertThat(fx.engine.verifier().verify(upgraded).sessionId())
                .isEqualTo(fx.engine.verifier().verify(session).sessionId());
        assertThat(StrictJson.parseObject(stepUp.body())).as("cookie mode: the token only in its HttpOnly cookie")
                .containsKey("csrf_token").doesNotContainKey("session_token");
        assertThat(get(upgraded, "198.51.100.20").statusCode()).isEqualTo(200);
    }

    @Test
    void browserNeedingStepUpIsRedirectedToTheStepUpPage() throws Exception {
        fx.with("zt.step-up-url", "/mfa").start();
        String token = fx.access();
        assertThat(fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", "192.0.2.10")).statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofHours(3));
        String session = cookie(fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).header("X-Forwarded-For", "198.51.100.20")
                .POST(HttpRequest.BodyPublishers.noBody())));
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie", "__Host-zt-session="
                + session).header("X-Forwarded-For", "198.51.100.20").header("Accept", "text/html"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow())
                .endsWith("/app/mfa?acr_values=mfa&return=%2Fapp%2Forders");
    }

    @Test
    void burstIsRateLimitedThenRevokesTheSession() throws Exception {
        fx.with("zt.risk.rate.max-per-minute", "5").with("zt.risk.rate.revoke-per-minute", "8").start();
        String session = cookie(fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody())));
        for (int i = 0; i < 5; i++) {
            assertThat(get(session, "192.0.2.10").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = get(session, "192.0.2.10");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("60");
        assertThat(limited.body()).contains("\"reason\":\"rate_limited\"");
        get(session, "192.0.2.10");
        get(session, "192.0.2.10");
        HttpResponse<String> revoked = get(session, "192.0.2.10");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("\"reason\":\"session_revoked\"");
        assertThat(audit.matching("\"decision\":\"REVOKE_SESSION\"", "request_burst")).hasSize(1);
        fx.clock.advance(Duration.ofMinutes(2));
        assertThat(get(session, "192.0.2.10").body()).contains("\"reason\":\"session_revoked\"");
    }

    @Test
    void aSessionCookieReplayedFromAnotherNetworkWithAnotherBrowserIsChallengedAndTheAuditLineExplainsIt()
            throws Exception {
        Path asn = dev.zt.testing.GeoData.asnDatabase(dir.resolve("asn.mmdb"), "8.8.8.8", "193.0.6.139");
        fx.with("zt.geo.asn-mmdb", "file:" + asn).with("zt.risk.checks", "session-drift").start();
        String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        String session = cookie(fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).header("X-Forwarded-For", "8.8.8.8")
                .header("User-Agent", firefox).POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", jar(session))
                .header("X-Forwarded-For", "8.8.8.8").header("User-Agent", firefox)).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = fx.server.send(fx.server.request("/orders").header("Cookie", jar(session))
                .header("X-Forwarded-For", "193.0.6.139").header("User-Agent", "curl/8.5.0"));
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_user_authentication", "acr_values=\"mfa\"", "max_age=\"0\"");
        assertThat(replayed.body()).contains("\"reason\":\"step_up_required\"").doesNotContain("session_drift");
        assertThat(audit.matching("\"decision\":\"STEP_UP\"", "\"contributions\":{\"session_drift\":60}",
                "\"score\":60")).hasSize(1);
    }

    @Test
    void countryHeaderIsBelievedOnlyFromTrustedProxies() throws Exception {
        fx.with("zt.geo.header", "X-Country").with("zt.trusted-proxies", "10.0.0.0/8").start();
        String token = fx.access();
        fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer " + token)
                .header("X-Country", "DE"));
        fx.clock.advance(Duration.ofHours(3));
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer "
                + fx.access()).header("X-Country", "FR"));
        assertThat(r.statusCode()).as("header from an untrusted peer is ignored").isEqualTo(200);
    }

    private static String cookieNamed(HttpResponse<String> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }

    @Test
    void newBrowserDeviceAsksForStepUpWhileTheKnownDeviceDoesNot() throws Exception {
        fx.start();
        HttpResponse<String> first = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        String device = cookieNamed(first, "__Host-zt-device");
        assertThat(first.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("__Host-zt-device=").contains("Secure", "HttpOnly", "Path=/"));
        String jar = "__Host-zt-session=" + cookieNamed(first, "__Host-zt-session") + "; __Host-zt-device=" + device;
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", jar)).statusCode()).isEqualTo(200);

        HttpResponse<String> other = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        String otherJar = "__Host-zt-session=" + cookieNamed(other, "__Host-zt-session") + "; __Host-zt-device="
                + cookieNamed(other, "__Host-zt-device");
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie", otherJar));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(audit.matching("\"decision\":\"STEP_UP\"", "new_device")).hasSize(1);
    }

    @Test
    void sessionCookieWithoutItsDeviceIsAnUnknownDeviceAndMustStepUp() throws Exception {
        fx.start();
        HttpResponse<String> first = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        String session = "__Host-zt-session=" + cookieNamed(first, "__Host-zt-session");
        String device = cookieNamed(first, "__Host-zt-device");
        String forged = device.substring(0, device.indexOf('.')) + ".AAAA";
        HttpResponse<String> attackerDevice = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access(fx.token().claim("sub", "mallory")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String mallorys = cookieNamed(attackerDevice, "__Host-zt-device");
        for (String stolen : new String[] {session, session + "; __Host-zt-device=" + forged,
            session + "; __Host-zt-device=" + mallorys, session + "; __Host-zt-device=junk",
            session + "; __Host-zt-device=" + device + "; __Host-zt-device=" + mallorys}) {
            HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie", stolen));
            assertThat(r.statusCode()).as(stolen).isEqualTo(401);
            assertThat(r.body()).contains("\"reason\":\"step_up_required\"");
        }
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", session + "; __Host-zt-device="
                + device)).statusCode()).as("the session's own browser").isEqualTo(200);
        assertThat(audit.matching("\"decision\":\"STEP_UP\"", "bound to another device")).hasSize(5);
    }

    @Test
    void stepUpCompletedFromANewBrowserMovesTheSessionToIt() throws Exception {
        fx.start();
        HttpResponse<String> first = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        String session = cookieNamed(first, "__Host-zt-session");
        HttpResponse<String> lost = fx.server.send(fx.server.request("/orders").header("Cookie",
                "__Host-zt-session=" + session));
        assertThat(lost.statusCode()).isEqualTo(401);
        String fresh = cookieNamed(lost, "__Host-zt-device");
        assertThat(fresh).as("a browser without a device cookie gets one to complete the step-up with").isNotNull();
        long now = fx.clock.instant().getEpochSecond();
        HttpResponse<String> stepUp = fx.server.send(fx.server.request("/zt/session")
                .header("Authorization", "Bearer " + fx.access(fx.token().claim("acr", "mfa").claim("auth_time", now)))
                .header("Cookie", "__Host-zt-session=" + session + "; __Host-zt-device=" + fresh)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(200);
        String upgraded = cookieNamed(stepUp, "__Host-zt-session");
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", "__Host-zt-session=" + upgraded
                + "; __Host-zt-device=" + fresh)).statusCode()).isEqualTo(200);
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", "__Host-zt-session=" + upgraded
                + "; __Host-zt-device=" + cookieNamed(first, "__Host-zt-device"))).statusCode())
                .as("the old device no longer holds the session").isEqualTo(401);
    }

    @Test
    void failingCheckDeniesWithRiskCheckFailed() throws Exception {
        fx.riskChecks.add(TestChecks.of("broken", context -> {
            throw new IllegalStateException("bug");
        }));
        fx.start();
        HttpResponse<String> r = fx.server.get("/orders", fx.access());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"reason\":\"risk_check_failed\"").doesNotContain("bug");
    }

    /**
     * A check that fails (a bug, or a pool thread missed under load) says nothing about the caller: its 403s are not
     * the caller's authorization failures, and however many there are, they never revoke the session.
     */
    @Test
    void failingCheckDeniesButItsDenialsAreNotTheCallersAuthorizationFailures() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        fx.riskChecks.add(TestChecks.of("flaky", context -> {
            if (broken.get()) {
                throw new IllegalStateException("down");
            }
            return RiskSignal.none();
        }));
        fx.with("zt.risk.authz-failures.max", "3").start();
        String access = fx.access();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = fx.server.get("/orders", access);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("\"reason\":\"risk_check_failed\"");
        }
        broken.set(false);
        HttpResponse<String> after = fx.server.get("/orders", access);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    @Test
    void callersOwnAuthorizationFailuresStillRevokeAfterTheMax() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "* /admin/** roles=admin\n");
        fx.with("zt.rules", "file:" + rules).with("zt.risk.authz-failures.max", "3").start();
        String access = fx.access();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = fx.server.get("/admin/stats", access);
            assertThat(r.body()).contains("\"reason\":\"insufficient_role\"");
        }
        HttpResponse<String> after = fx.server.get("/orders", access);
        assertThat(after.statusCode()).as("counted: the caller asked for what it may not have").isNotEqualTo(200);
        assertThat(after.body()).contains("\"reason\":\"risk_denied\"");
        assertThat(audit.matching("\"path\":\"/orders\"", "authorization_failures")).isNotEmpty();
    }
    @Test
    void maxRiskRuleDeniesAScoreTheGlobalPolicyAllows() throws Exception {
        fx.riskChecks.add(TestChecks.of("unusual", context -> RiskSignal.score(30, "unusual",
                "a test signal below the step-up score")));
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /payments/** max-risk=20\nGET /reports/** max-risk=30\n");
        fx.with("zt.rules", "file:" + rules).start();
        String token = fx.access();
        HttpResponse<String> payments = fx.server.get("/payments/1", token);
        assertThat(payments.statusCode()).isEqualTo(403);
        assertThat(payments.body()).contains("\"reason\":\"access_denied\"").doesNotContain("above");
        assertThat(audit.matching("\"path\":\"/payments/1\"", "above 20")).hasSize(1);
        assertThat(fx.server.get("/reports/1", token).statusCode()).as("a score equal to max-risk passes")
                .isEqualTo(200);
        assertThat(fx.server.get("/orders", token).statusCode()).as("no max-risk on this path").isEqualTo(200);
    }
}
