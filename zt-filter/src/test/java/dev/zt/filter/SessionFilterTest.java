package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sessions through the filter: exchange, refresh (header and cookie mode), rotation, logout, limits, CSRF, races. */
class SessionFilterTest {

    private final FilterFixture fx = new FilterFixture();

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private HttpResponse<String> exchange(String accessToken, boolean cookieMode) throws Exception {
        return fx.server.send(fx.server.request("/zt/session" + (cookieMode ? "?mode=cookie" : ""))
                .header("Authorization", "Bearer " + accessToken).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String sessionToken() throws Exception {
        HttpResponse<String> r = exchange(fx.access(), false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) StrictJson.parseObject(r.body()).get("session_token");
    }

    private static String cookieValue(HttpResponse<String> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }

    /** The cookies a browser sends after the exchange: the session and its device (cookie-mode sessions are bound). */
    private static String browserCookies(HttpResponse<String> created) {
        return "__Host-zt-session=" + cookieValue(created, "__Host-zt-session") + "; __Host-zt-device="
                + cookieValue(created, "__Host-zt-device");
    }

    private static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElse(null);
    }

    @Test
    void exchangeWhenAccessTokenThenSessionTokenJson() throws Exception {
        fx.start();
        HttpResponse<String> r = exchange(fx.access(), false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, Object> body = StrictJson.parseObject(r.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 900L)
                .containsKey("session_token");
        assertThat(fx.server.get("/orders", (String) body.get("session_token")).body()).contains("user=alice");
    }

    @Test
    void exchangeWhenNoTokenOrSessionTokenThenRefused() throws Exception {
        fx.start();
        HttpResponse<String> none = fx.server.send(fx.server.request("/zt/session")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(exchange(sessionToken(), false).statusCode()).isEqualTo(400);
        HttpResponse<String> bad = exchange(fx.token().without("aud").sign("RS256",
                dev.zt.testing.TestKeys.RSA.getPrivate()), false);
        assertThat(bad.body()).contains("audience_mismatch");
    }

    @Test
    void refreshWhenDueInHeaderModeThenRefreshedTokenHeader() throws Exception {
        fx.start();
        String token = sessionToken();
        fx.clock.advance(Duration.ofMinutes(9));
        assertThat(fx.server.get("/orders", token).headers().firstValue("X-Refreshed-Token")).isEmpty();
        fx.clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> r = fx.server.get("/orders", token);
        assertThat(r.statusCode()).isEqualTo(200);
        String fresh = r.headers().firstValue("X-Refreshed-Token").orElseThrow();
        assertThat(fresh).isNotEqualTo(token);
        assertThat(fx.server.get("/orders", fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshWhenHeaderNameConfiguredThenUsed() throws Exception {
        fx.with("zt.session.refresh-header", "X-New-Token").start();
        String token = sessionToken();
        fx.clock.advance(Duration.ofMinutes(11));
        assertThat(fx.server.get("/orders", token).headers().firstValue("X-New-Token")).isPresent();
    }

    @Test
    void cookieModeWhenCreatedThenHostPrefixedSecureHttpOnlyStrictCookies() throws Exception {
        fx.start();
        HttpResponse<String> r = exchange(fx.access(), true);
        String session = setCookie(r, "__Host-zt-session");
        assertThat(session).contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict", "Max-Age=900");
        assertThat(session).doesNotContain("Domain=");
        String csrf = setCookie(r, "__Host-zt-csrf");
        assertThat(csrf).contains("; Path=/", "; Secure", "; SameSite=Strict").doesNotContain("HttpOnly");
        assertThat(StrictJson.parseObject(r.body())).containsKey("csrf_token");
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", browserCookies(r)))
                .body()).contains("user=alice");
    }

    @Test
    void cookieModeWhenDueThenNewCookieSet() throws Exception {
        fx.start();
        HttpResponse<String> created = exchange(fx.access(), true);
        String cookie = cookieValue(created, "__Host-zt-session");
        fx.clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie",
                browserCookies(created)));
        assertThat(r.statusCode()).isEqualTo(200);
        String fresh = cookieValue(r, "__Host-zt-session");
        assertThat(fresh).isNotNull().isNotEqualTo(cookie);
        assertThat(setCookie(r, "__Host-zt-session")).contains("Secure", "HttpOnly", "SameSite=Strict");
    }

    @Test
    void csrfWhenCookieModeUnsafeRequestLacksTokenOrComesCrossSiteThenRejected() throws Exception {
        fx.start();
        HttpResponse<String> created = exchange(fx.access(), true);
        String cookie = browserCookies(created);
        String csrf = (String) StrictJson.parseObject(created.body()).get("csrf_token");
        HttpRequest.BodyPublisher none = HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> missing = fx.server.send(fx.server.request("/orders").header("Cookie", cookie)
                .POST(none));
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("csrf_rejected");
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", cookie).header("X-CSRF-Token", "x")
                .POST(none)).statusCode()).isEqualTo(403);
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Origin", "https://evil.example").POST(none)).statusCode()).isEqualTo(403);
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Sec-Fetch-Site", "cross-site").POST(none)).statusCode()).isEqualTo(403);
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Origin", "http://127.0.0.1:" + fx.server.port).header("Sec-Fetch-Site", "same-origin")
                .POST(none)).statusCode()).isEqualTo(200);
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&item=book"))).statusCode())
                .as("HTML forms send the token as a field").isEqualTo(200);
        // bearer-header requests are not exposed to CSRF and need no token
        String bearer = sessionToken();
        assertThat(fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer " + bearer)
                .POST(none)).statusCode()).isEqualTo(200);
    }

    /**
     * A forged request is not the session owner's doing: a same-site page (a sibling subdomain gets the
     * {@code SameSite=Strict} cookie sent) firing requests the CSRF check refuses must not make the
     * {@code authorization-failures} check revoke the victim's session.
     */
    @Test
    void csrfRejectionsAreNotTheSessionOwnersAuthorizationFailures() throws Exception {
        fx.start();
        HttpResponse<String> created = exchange(fx.access(), true);
        String cookie = browserCookies(created);
        for (int i = 0; i < 15; i++) { // zt.risk.authz-failures.max is 10
            HttpResponse<String> forged = fx.server.send(fx.server.request("/orders").header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(forged.body()).contains("csrf_rejected");
        }
        HttpResponse<String> owner = fx.server.send(fx.server.request("/orders").header("Cookie", cookie));
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
    }

    @Test
    void cookieWhenItHoldsAnAccessTokenThenRefused() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Cookie", "__Host-zt-session="
                + fx.access()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_request");
    }

    @Test
    void rotationWhenOldTokenWithinGraceThenServedAndAfterGraceSessionRevoked() throws Exception {
        fx.start();
        String token = sessionToken();
        fx.clock.advance(Duration.ofMinutes(11));
        String fresh = fx.server.get("/orders", token).headers().firstValue("X-Refreshed-Token").orElseThrow();
        fx.clock.advance(Duration.ofSeconds(20));
        HttpResponse<String> inFlight = fx.server.get("/orders", token);
        assertThat(inFlight.statusCode()).isEqualTo(200);
        assertThat(inFlight.headers().firstValue("X-Refreshed-Token")).contains(fresh);
        assertThat(fx.server.get("/orders", fresh).statusCode()).isEqualTo(200); // the client has moved on
        fx.clock.advance(Duration.ofSeconds(15));
        HttpResponse<String> replay = fx.server.get("/orders", token);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("token_reused");
        assertThat(fx.server.get("/orders", fresh).body()).contains("session_revoked");
    }

    @Test
    void rotationWhoseAnswerNeverArrivedIsHandedOverAgainAfterTheGraceInsteadOfRevoked() throws Exception {
        fx.start();
        String token = sessionToken();
        fx.clock.advance(Duration.ofMinutes(11));
        String lost = fx.server.get("/orders", token).headers().firstValue("X-Refreshed-Token").orElseThrow();
        fx.clock.advance(Duration.ofSeconds(45)); // the client retries late (Retry-After, a partition)
        HttpResponse<String> retry = fx.server.get("/orders", token);
        assertThat(retry.statusCode()).isEqualTo(200);
        String again = retry.headers().firstValue("X-Refreshed-Token").orElseThrow();
        assertThat(fx.engine.verifier().verify(again).tokenId()).isEqualTo(fx.engine.verifier().verify(lost).tokenId());
        assertThat(fx.server.get("/orders", again).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutWhenCalledThenNextRequestRefused() throws Exception {
        fx.start();
        String token = sessionToken();
        HttpResponse<String> r = fx.server.send(fx.server.request("/zt/logout").header("Authorization", "Bearer "
                + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(setCookie((HttpResponse<String>) r, "__Host-zt-session")).contains("Max-Age=0");
        HttpResponse<String> after = fx.server.get("/orders", token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("session_revoked");
    }

    @Test
    void logoutWhenAccessTokenThenRefused() throws Exception {
        fx.start();
        assertThat(fx.server.send(fx.server.request("/zt/logout").header("Authorization", "Bearer " + fx.access())
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);
    }

    @Test
    void endpointsWhenPrefixConfiguredThenServedThere() throws Exception {
        fx.with("zt.endpoints.prefix", "/auth").start();
        assertThat(fx.server.send(fx.server.request("/auth/session").header("Authorization", "Bearer "
                + fx.access()).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
    }

    @Test
    void limitsWhenIdleOrAbsoluteReachedThenSessionExpired() throws Exception {
        fx.with("zt.session.idle-timeout", "10m").with("zt.session.ttl", "30m").with("zt.session.refresh-before",
                "10m").with("zt.session.max-lifetime", "1h").start();
        String idle = sessionToken();
        fx.clock.advance(Duration.ofMinutes(11));
        assertThat(fx.server.get("/orders", idle).body()).contains("session_expired");

        String active = sessionToken();
        for (int i = 0; i < 7; i++) {
            fx.clock.advance(Duration.ofMinutes(9));
            HttpResponse<String> r = fx.server.get("/orders", active);
            if (i < 6) {
                assertThat(r.statusCode()).as("minute " + (i + 1) * 9).isEqualTo(200);
                active = r.headers().firstValue("X-Refreshed-Token").orElse(active);
            } else {
                assertThat(r.statusCode()).isEqualTo(401); // 63 minutes: past the absolute limit
                assertThat(r.body()).containsAnyOf("session_expired", "token_expired");
            }
        }
    }

    @Test
    void raceWhenFiftyParallelRequestsCarryTheSameDueTokenThenAllSucceedAndOneTokenIsCurrent() throws Exception {
        fx.start();
        String token = sessionToken();
        fx.clock.advance(Duration.ofMinutes(11));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return fx.server.get("/orders", token);
                }));
            }
            go.countDown();
            Set<String> refreshed = new HashSet<>();
            for (Future<HttpResponse<String>> f : results) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                refreshed.add(r.headers().firstValue("X-Refreshed-Token").orElseThrow());
            }
            assertThat(refreshed).hasSize(1);
            String sid = fx.engine.verifier().verify(token).sessionId().orElseThrow();
            assertThat(fx.engine.sessions().find(sid).orElseThrow().currentTokenId()).isEqualTo(
                    fx.engine.verifier().verify(refreshed.iterator().next()).tokenId());
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpResponse<String> backChannelLogout(String form) throws Exception {
        return fx.server.send(fx.server.request("/zt/backchannel-logout")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void backChannelLogoutWhenReplayedThenRefusedAndAppliedOnce() throws Exception {
        fx.with("zt.logout-audience", "orders-web").start();
        String token = logoutToken("idp-1");
        assertThat(backChannelLogout("logout_token=" + token).statusCode()).isEqualTo(200);
        HttpResponse<String> again = backChannelLogout("logout_token=" + token);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("\"error\":\"invalid_request\"", "\"reason\":\"token_replayed\"");
    }

    @Test
    void backChannelLogoutWhenTheTokenIsInTheUrlThenRefusedEvenWithAnEmptyBody() throws Exception {
        fx.with("zt.logout-audience", "orders-web").start();
        String access = fx.access(fx.token().claim("sid", "idp-1"));
        HttpResponse<String> inUrl = fx.server.send(fx.server.request("/zt/backchannel-logout?logout_token="
                + logoutToken("idp-1")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(inUrl.statusCode()).isEqualTo(400);
        assertThat(inUrl.body()).contains("\"reason\":\"invalid_request\"");
        HttpResponse<String> both = fx.server.send(fx.server.request("/zt/backchannel-logout?logout_token=x")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + logoutToken("idp-1"))));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(fx.server.get("/orders", access).statusCode()).as("nothing was revoked").isEqualTo(200);
    }

    private String logoutToken(String sid) {
        return fx.access(fx.token().header("typ", "logout+jwt").claim("aud", "orders-web").claim("jti", "lt1")
                .claim("sid", sid).claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout",
                        Map.of())));
    }

    @Test
    void backChannelLogoutWhenValidThen200AndTheProviderSessionsTokensAndSessionsRefused() throws Exception {
        fx.with("zt.logout-audience", "orders-web").start();
        String access = fx.access(fx.token().claim("sid", "idp-1"));
        String other = fx.access(fx.token().claim("sid", "idp-2"));
        HttpResponse<String> exchanged = exchange(access, false);
        String session = (String) StrictJson.parseObject(exchanged.body()).get("session_token");
        assertThat(fx.server.get("/orders", session).statusCode()).isEqualTo(200);

        HttpResponse<String> r = backChannelLogout("logout_token=" + logoutToken("idp-1"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(fx.server.get("/orders", access).body()).contains("token_revoked");
        assertThat(fx.server.get("/orders", session).body()).contains("session_revoked");
        assertThat(fx.server.get("/orders", other).statusCode()).isEqualTo(200);
    }

    @Test
    void backChannelLogoutWhenTokenRefusedOrMissingThen400WithReason() throws Exception {
        fx.with("zt.logout-audience", "orders-web").start();
        HttpResponse<String> access = backChannelLogout("logout_token=" + fx.access());
        assertThat(access.statusCode()).isEqualTo(400);
        Map<String, Object> body = StrictJson.parseObject(access.body());
        assertThat(body).containsEntry("error", "invalid_request").containsEntry("reason", "audience_mismatch")
                .containsKey("error_description");
        assertThat(backChannelLogout("other=1").body()).contains("\"reason\":\"invalid_request\"");
        String lt = logoutToken("idp-1");
        assertThat(backChannelLogout("logout_token=" + lt + "&logout_token=" + lt).statusCode()).isEqualTo(400);
        assertThat(StrictJson.parseObject(backChannelLogout("logout_token=" + lt.substring(0, lt.length() - 3)
                + "AAA").body())).containsEntry("reason", "signature_invalid");
    }

    @Test
    void backChannelLogoutWhenIssuerNotConfiguredForItThen400IssuerUntrusted() throws Exception {
        fx.start();
        HttpResponse<String> r = backChannelLogout("logout_token=" + logoutToken("idp-1"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(StrictJson.parseObject(r.body())).containsEntry("reason", "issuer_untrusted");
    }

    @Test
    void backChannelLogoutWhenIssuerKeysUnavailableThen503SoTheProviderRetries() throws Exception {
        fx.keys = () -> {
            throw new dev.zt.spi.keys.KeySourceException("JWKS endpoint down");
        };
        fx.with("zt.logout-audience", "orders-web").start();
        HttpResponse<String> r = backChannelLogout("logout_token=" + logoutToken("idp-1"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        assertThat(StrictJson.parseObject(r.body())).containsEntry("error", "temporarily_unavailable")
                .containsEntry("reason", "key_source_unavailable");
    }

    @Test
    void accessWhenLogoutTokenPresentedAsBearerThen401() throws Exception {
        fx.with("zt.logout-audience", "orders-web").start();
        HttpResponse<String> r = fx.server.get("/orders", logoutToken("idp-1"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("header_invalid");
    }
}
