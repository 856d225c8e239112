package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.TestKeys;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request around the token, tried as an attacker would (issue: request-level hardening): path spellings, proxy
 * headers, duplicated cookies, secrets in the URL, oversized forms, report-only passivity and generic answers.
 */
class RequestHardeningTest {

    private final FilterFixture fx = new FilterFixture();
    private final AuditCapture audit = new AuditCapture();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        fx.close();
        audit.close();
    }

    private void rules(String text) throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, text);
        fx.with("zt.rules", "file:" + rules);
    }

    private static int status(String raw) {
        return Integer.parseInt(raw.substring(9, 12));
    }

    /** Every spelling of a protected path: refused as odd (400) or decided like the path itself (401 step-up). */
    @ParameterizedTest
    @ValueSource(strings = {"/app/transfer", "/app/%74ransfer", "/app/tr%61nsfer", "/app/transfe%72",
        "/app/%74%72%61%6e%73%66%65%72", "/app/%74%72%61%6E%73%66%65%72", "/%61pp/transfer", "/%61pp/%74ransfer",
        "/app/transfer;jsessionid=abc", "/app/%74ransfer;jsessionid=abc", "/app/transfer/", "/app/%74ransfer/",
        "/app/transfer%2f", "/app/transfer%2F", "/app/%2e/transfer", "/app/./transfer", "/app//transfer",
        "/app/x/../transfer", "/app/x/%2e%2e/transfer", "/app/transfer;x=1", "/app/transfer;", "/app/%c0%aftransfer",
        "/app/%e0%80%aetransfer", "/app/%c1%b4ransfer", "/app/transfer%00", "/app/%2574ransfer", "/app/transfer%09",
        "/app/transfer%20", "/app/%ff%fe", "/app/%u0074ransfer", "/app/%7", "/app/%zz", "/app/transfer%5c",
        "/app/\\transfer", "/app/%ed%a0%80transfer", "/app/%c2%85transfer", "/app/%0atransfer", "/app/%e2%80%8btransfer",
        "/app/transfer%c2%a0", "/app/%ef%bb%bftransfer", "/app/transfer%e3%80%80"})
    void pathRuleCannotBeWalkedAroundBySpellingThePathDifferently(String path) throws Exception {
        rules("POST /transfer acr=mfa\n");
        fx.start();
        String r = fx.server.raw("POST " + path + " HTTP/1.1", "Authorization: Bearer " + fx.access(),
                "Content-Length: 0");
        assertThat(status(r)).as(path + "\n" + r).isIn(400, 401);
        if (status(r) == 401) {
            assertThat(r).contains("\"reason\":\"step_up_required\"");
        } else if (!r.contains("Content-Length: 0")) { // else Undertow itself refused the request line
            assertThat(r).contains("\"reason\":\"request_rejected\"");
        }
        assertThat(r).doesNotContain("user=alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/%61dmin/stats", "/app/admin/%73tats", "/app/admin/stats/", "/app/%61dmin/%73tats"})
    void roleRulesHoldForEncodedSpellingsToo(String path) throws Exception {
        rules("* /admin/** roles=admin\n");
        fx.start();
        String r = fx.server.raw("GET " + path + " HTTP/1.1", "Authorization: Bearer " + fx.access());
        assertThat(status(r)).as(r).isEqualTo(403);
        assertThat(r).contains("\"reason\":\"insufficient_role\"");
    }

    @Test
    void publicPathsAreMatchedOnTheDecodedPathAndEncodedSpellingsGrantNothingElse() throws Exception {
        fx.with("zt.public-paths", "/health").start();
        assertThat(status(fx.server.raw("GET /app/%68ealth HTTP/1.1"))).as("the same resource, decoded").isEqualTo(200);
        assertThat(status(fx.server.raw("GET /app/health%2f..%2forders HTTP/1.1"))).isEqualTo(400);
        assertThat(status(fx.server.raw("GET /app/health/..;/orders HTTP/1.1"))).isEqualTo(400);
        assertThat(status(fx.server.raw("GET /app/health;/../orders HTTP/1.1"))).isEqualTo(400);
    }

    @Test
    void endpointsAreMatchedOnTheDecodedPath() throws Exception {
        fx.start();
        String r = fx.server.raw("POST /app/zt/%73ession HTTP/1.1", "Authorization: Bearer " + fx.access(),
                "Content-Length: 0");
        assertThat(status(r)).as(r).isEqualTo(200);
        assertThat(r).contains("session_token");
    }

    @Test
    void proxyWhenClientSendsTheHeaderTheProxyDoesNotWriteThenItIsIgnored() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.1").start(); // the proxy appends X-Forwarded-For
        HttpResponse<String> r = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("Forwarded", "for=198.51.100.66").header("X-Forwarded-For", "203.0.113.9"));
        assertThat(r.statusCode()).as("both headers, different hops").isEqualTo(400);
        HttpResponse<String> only = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("Forwarded", "for=198.51.100.66"));
        assertThat(only.body()).as("the client's own Forwarded is never read").contains("client=127.0.0.1");
        HttpResponse<String> same = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("Forwarded", "for=203.0.113.9").header("X-Forwarded-For", "203.0.113.9"));
        assertThat(same.body()).contains("client=203.0.113.9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "_hidden", "example.com", "300.1.1.1", "", "01.2.3.4", "fe80::1%eth0"})
    void proxyWhenTheForwardedHopIsNotAnAddressThenTheClientIsUnknownNeverTheProxy(String hop) throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.1").start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/who").header("Authorization", "Bearer "
                + fx.access()).header("X-Forwarded-For", hop.isEmpty() ? " , 10.0.0.1" : hop));
        if (hop.isEmpty()) {
            assertThat(r.body()).contains("client=10.0.0.1"); // the right-most hop is an address
            return;
        }
        assertThat(r.body()).contains("client=unknown");
    }

    @Test
    void proxyWhenForwardedIsConfiguredThenXForwardedForIsIgnoredAndUnknownIsUnknown() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.1").with("zt.forwarded-header", "forwarded").start();
        assertThat(fx.server.send(fx.server.request("/who").header("Authorization", "Bearer " + fx.access())
                .header("X-Forwarded-For", "203.0.113.9")).body()).contains("client=127.0.0.1");
        assertThat(fx.server.send(fx.server.request("/who").header("Authorization", "Bearer " + fx.access())
                .header("Forwarded", "for=unknown")).body()).contains("client=unknown");
        assertThat(fx.server.send(fx.server.request("/who").header("Authorization", "Bearer " + fx.access())
                .header("Forwarded", "for=\"_gazonk\", for=192.0.2.43")).body()).contains("client=192.0.2.43");
    }

    @Test
    void sessionCookieSentTwiceWithDifferentValuesIsInvalidRequestWhateverTheContainerKeeps() throws Exception {
        fx.start();
        String raw = fx.server.raw("GET /app/orders HTTP/1.1", "Cookie: __Host-zt-session=aaa; __Host-zt-session=bbb");
        assertThat(status(raw)).isEqualTo(400);
        assertThat(raw).contains("\"reason\":\"invalid_request\"");
        String twoHeaders = fx.server.raw("GET /app/orders HTTP/1.1", "Cookie: __Host-zt-session=aaa",
                "Cookie: __Host-zt-session=bbb");
        assertThat(status(twoHeaders)).isEqualTo(400);
    }

    @Test
    void cookieModeRefreshIsOnlyInTheHttpOnlyCookieNeverInAScriptReadableHeaderOrBody() throws Exception {
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(StrictJson.parseObject(created.body())).doesNotContainKey("session_token").containsKey("csrf_token");
        String jar = jar(created);
        fx.clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie", jar));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Refreshed-Token")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("__Host-zt-session=").contains("HttpOnly"));
    }

    @Test
    void csrfTokenInTheQueryStringNeverCountsOnlyTheBodyField() throws Exception {
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        String csrf = (String) StrictJson.parseObject(created.body()).get("csrf_token");
        String jar = jar(created);
        HttpResponse<String> inUrl = fx.server.send(fx.server.request("/orders?_csrf=" + csrf).header("Cookie", jar)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("item=book")));
        assertThat(inUrl.statusCode()).isEqualTo(403);
        assertThat(inUrl.body()).contains("csrf_rejected");
        HttpResponse<String> twice = fx.server.send(fx.server.request("/orders").header("Cookie", jar)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&_csrf=other")));
        assertThat(twice.statusCode()).as("two fields: which one would the application read?").isEqualTo(403);
        HttpResponse<String> inBody = fx.server.send(fx.server.request("/echo-form?q=1").header("Cookie", jar)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&item=b%C3%BCcher")));
        assertThat(inBody.statusCode()).isEqualTo(200);
        assertThat(inBody.body()).as("the application still reads the body zt read").contains("item=b",
                "q=1", "body=_csrf=");
    }

    @Test
    void hugeFormsAreRefusedAsBadRequestsNotAsZtUnavailable() throws Exception {
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        StringBuilder form = new StringBuilder("_csrf=x");
        for (int i = 0; i < 1500; i++) {
            form.append("&f").append(i).append("=v");
        }
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie", jar(created))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"reason\":\"request_rejected\"");
        HttpResponse<String> big = fx.server.send(fx.server.request("/orders").header("Cookie", jar(created))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + "x".repeat(70_000))));
        assertThat(big.statusCode()).isEqualTo(400);
    }

    @Test
    void refusalDetailsAreGenericAndTheSpecificsGoToOneAuditLine() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.get("/orders", fx.token().kid("nobody").sign("RS256",
                TestKeys.RSA.getPrivate()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"reason\":\"key_unknown\"", "the token's signing key is not trusted")
                .doesNotContain("kid");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain("kid");
        List<String> lines = audit.matching("\"reason\":\"key_unknown\"");
        assertThat(lines).as("one line per decision").hasSize(1);
        assertThat(lines.get(0)).contains("kid");
    }

    @Test
    void serviceIssuerCanMintNeitherAUserNorASession() throws Exception {
        fx.with("zt.issuers.reports.issuer", "urn:zt:service:reports").with("zt.issuers.reports.audience",
                dev.zt.testing.TestTokens.AUDIENCE).with("zt.issuers.reports.type", "service")
                .with("zt.issuers.reports.algorithms", "RS256");
        fx.issuerKeys.put("reports", StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("svc", null,
                TestKeys.RSA_2.getPublic()))), "reports"));
        rules("* /admin/** roles=admin\n");
        fx.start();
        String asBob = fx.token().kid("svc").claim("iss", "urn:zt:service:reports").claim("sub", "bob")
                .claim("roles", List.of("admin")).claim("acr", "mfa").sign("RS256", TestKeys.RSA_2.getPrivate());
        HttpResponse<String> minted = fx.server.get("/admin/x", asBob);
        assertThat(minted.statusCode()).isEqualTo(401);
        assertThat(minted.body()).contains("\"reason\":\"claim_invalid\"");
        String own = fx.token().kid("svc").claim("iss", "urn:zt:service:reports").claim("sub", "urn:zt:service:reports")
                .claim("roles", List.of("admin")).sign("RS256", TestKeys.RSA_2.getPrivate());
        assertThat(fx.server.get("/admin/x", own).statusCode()).as("its roles claim is not believed").isEqualTo(403);
        assertThat(fx.server.get("/orders", own).statusCode()).as("its own identity is").isEqualTo(200);
        HttpResponse<String> exchanged = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer " + own).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(exchanged.statusCode()).isEqualTo(400);
        assertThat(exchanged.body()).contains("\"reason\":\"invalid_request\"");
    }

    @Test
    void sessionCreationIsRateLimitedPerClientAddress() throws Exception {
        fx.with("zt.session.create-rate.per-client", "3").start();
        for (int i = 0; i < 3; i++) {
            assertThat(fx.server.send(fx.server.request("/zt/session").header("Authorization", "Bearer "
                    + fx.access(fx.token().claim("sub", "user" + i))).POST(HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer junk").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(limited.statusCode()).as("counted before the token is even read").isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("60");
        assertThat(limited.body()).contains("\"reason\":\"rate_limited\"");
        fx.clock.advance(Duration.ofMinutes(2));
        assertThat(fx.server.send(fx.server.request("/zt/session").header("Authorization", "Bearer "
                + fx.access()).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
    }

    @Test
    void oneSubjectCannotFillTheSessionStoreAndLockEveryoneOut() throws Exception {
        fx.with("zt.session.max-entries", "40").with("zt.session.max-per-subject", "5")
                .with("zt.session.create-rate.per-subject", "1000").with("zt.session.create-rate.per-client", "1000")
                .start();
        String firstOfAlice = null;
        for (int i = 0; i < 45; i++) {
            HttpResponse<String> r = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                    "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).as("login " + i + ": " + r.body()).isEqualTo(200);
            if (firstOfAlice == null) {
                firstOfAlice = (String) StrictJson.parseObject(r.body()).get("session_token");
            }
        }
        HttpResponse<String> bob = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer " + fx.access(fx.token().claim("sub", "bob"))).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(bob.statusCode()).as("another user still gets in").isEqualTo(200);
        HttpResponse<String> oldest = fx.server.get("/orders", firstOfAlice);
        assertThat(oldest.statusCode()).as("alice's oldest session was ended").isEqualTo(401);
        assertThat(oldest.body()).containsAnyOf("session_revoked", "session_expired");
    }

    @Test
    void applicationCodeThrowingAZtRejectionIsAnsweredWithItsReasonNeverA500() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.get("/throw-store", fx.access());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"reason\":\"store_unavailable\"");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> limited = fx.server.get("/throw-rate", fx.access());
        assertThat(limited.statusCode()).isEqualTo(429);
    }

    @Test
    void reportOnlyModeRevokesNothingAndRefusesNothing() throws Exception {
        fx.with("zt.mode", "report-only").with("zt.risk.rate.max-per-minute", "3")
                .with("zt.risk.rate.revoke-per-minute", "5").start();
        String session = (String) StrictJson.parseObject(fx.server.send(fx.server.request("/zt/session")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody())).body())
                .get("session_token");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = fx.server.get("/orders", session);
            assertThat(r.statusCode()).as("request " + i).isEqualTo(200);
            assertThat(r.body()).contains("user=alice");
        }
        assertThat(audit.matching("\"decision\":\"REVOKE_SESSION\"", "\"mode\":\"report-only\"")).isNotEmpty();
        assertThat(fx.engine.sessions().find(fx.engine.verifier().verify(session).sessionId().orElseThrow())
                .orElseThrow().revoked()).as("the would-be revocation was not carried out").isFalse();
    }

    @Test
    void reportOnlyModeDoesNotRevokeAReusedSessionToken() throws Exception {
        fx.with("zt.mode", "report-only").start();
        String first = (String) StrictJson.parseObject(fx.server.send(fx.server.request("/zt/session")
                .header("Authorization", "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody())).body())
                .get("session_token");
        fx.clock.advance(Duration.ofMinutes(11));
        String second = fx.server.get("/orders", first).headers().firstValue("X-Refreshed-Token").orElseThrow();
        fx.clock.advance(Duration.ofMinutes(1));
        assertThat(fx.server.get("/orders", first).statusCode()).as("reuse: logged, not refused").isEqualTo(200);
        assertThat(fx.server.get("/orders", second).body()).as("and the session lives on").contains("user=alice");
    }

    private HttpResponse<String> stepUp(String jar, String accessToken) throws Exception {
        return fx.server.send(fx.server.request("/zt/session").header("Authorization", "Bearer " + accessToken)
                .header("Cookie", jar).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void stepUpAtTheExchangeTakesTheTokensOwnAuthTimeSoAnOldOrUndatedMfaTokenMeetsNoMaxAge() throws Exception {
        rules("GET /transfers acr=mfa max-age=60s\n");
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access(fx.token().claim("acr", "pwd")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String device = cookie(created, "__Host-zt-device");
        String session = cookie(created, "__Host-zt-session");
        HttpResponse<String> undated = stepUp(jar(session, device), fx.access(fx.token().claim("acr", "mfa")));
        assertThat(undated.statusCode()).as(undated.body()).isEqualTo(200);
        session = cookie(undated, "__Host-zt-session");
        assertThat(fx.server.send(fx.server.request("/transfers").header("Cookie", jar(session, device)))
                .statusCode()).as("mfa without auth_time: no max-age is met").isEqualTo(401);
        long fiftyMinutesAgo = fx.clock.instant().minus(Duration.ofMinutes(50)).getEpochSecond();
        for (int i = 0; i < 2; i++) { // re-sending the same token must not move auth_time forward
            HttpResponse<String> old = stepUp(jar(session, device), fx.access(fx.token().claim("acr", "mfa")
                    .claim("auth_time", fiftyMinutesAgo)));
            session = cookie(old, "__Host-zt-session");
            assertThat(fx.server.send(fx.server.request("/transfers").header("Cookie", jar(session, device)))
                    .statusCode()).as("an authentication 50 minutes old, attempt " + i).isEqualTo(401);
        }
        HttpResponse<String> fresh = stepUp(jar(session, device), fx.access(fx.token().claim("acr", "mfa")
                .claim("auth_time", fx.clock.instant().getEpochSecond())));
        session = cookie(fresh, "__Host-zt-session");
        assertThat(fx.server.send(fx.server.request("/transfers").header("Cookie", jar(session, device)))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anotherTrustedIssuerWithTheSameSubjectCannotStepTheSessionUp() throws Exception {
        fx.with("zt.issuers.partner.issuer", "https://partner.example.test").with("zt.issuers.partner.audience",
                dev.zt.testing.TestTokens.AUDIENCE).with("zt.issuers.partner.algorithms", "RS256");
        fx.issuerKeys.put("partner", StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("p1", null,
                TestKeys.RSA_2.getPublic()))), "partner"));
        fx.start();
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + fx.access(fx.token().claim("acr", "pwd")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String original = cookie(created, "__Host-zt-session");
        String foreign = fx.token().kid("p1").claim("iss", "https://partner.example.test").claim("acr", "mfa")
                .claim("auth_time", fx.clock.instant().getEpochSecond()).sign("RS256", TestKeys.RSA_2.getPrivate());
        HttpResponse<String> r = stepUp(jar(original, cookie(created, "__Host-zt-device")), foreign);
        assertThat(r.statusCode()).isEqualTo(200);
        String other = cookie(r, "__Host-zt-session");
        assertThat(fx.engine.verifier().verify(other).sessionId()).as("a new session, not the old one stepped up")
                .isNotEqualTo(fx.engine.verifier().verify(original).sessionId());
        assertThat(fx.engine.sessions().find(fx.engine.verifier().verify(original).sessionId().orElseThrow())
                .orElseThrow().acr()).contains("pwd");
    }

    private static String jar(String session, String device) {
        return "__Host-zt-session=" + session + "; __Host-zt-device=" + device;
    }

    private static String jar(HttpResponse<String> created) {
        return "__Host-zt-session=" + cookie(created, "__Host-zt-session") + "; __Host-zt-device="
                + cookie(created, "__Host-zt-device");
    }

    private static String cookie(HttpResponse<String> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }
}
