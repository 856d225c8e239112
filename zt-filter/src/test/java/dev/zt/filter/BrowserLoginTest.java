package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigSource;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.testing.TestIdp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zt as an OpenID Connect relying party, through the filter in Undertow against a small real provider
 * ({@link TestIdp}: real HTTP, real RS256 tokens): the login redirect, the callback and every way it is refused
 * (state, nonce, replay, provider errors, mix-up, outages), the return to the page first asked for, and step-up.
 */
class BrowserLoginTest {

    @TempDir
    Path dir;

    private final FilterFixture fx = new FilterFixture();
    private final AuditCapture audit = new AuditCapture();
    private TestIdp idp;

    @BeforeEach
    void provider() throws Exception {
        idp = new TestIdp(fx.clock);
        Path secret = dir.resolve("client-secret");
        Files.writeString(secret, TestIdp.CLIENT_SECRET + "\n");
        fx.with("zt.issuer", idp.issuer()).with("zt.client-id", TestIdp.CLIENT_ID)
                .with("zt.client-secret", "file:" + secret).with("zt.oidc.scopes", "profile email");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
        idp.close();
        audit.close();
    }

    /**
     * A browser: a cookie jar, {@code Accept: text/html}, redirects not followed (the test follows them); on the
     * provider's cross-site redirect to the callback it sends no {@code SameSite=Strict} cookie, as browsers do.
     */
    private final class Browser {
        final Map<String, String> jar = new LinkedHashMap<>();
        final java.util.Set<String> strict = new java.util.HashSet<>();
        /** Sent with every request (e.g. the address a trusted proxy forwards). */
        final Map<String, String> headers = new LinkedHashMap<>();

        HttpResponse<String> get(String pathOrUrl) throws Exception {
            return get(pathOrUrl, false);
        }

        HttpResponse<String> get(String pathOrUrl, boolean crossSite) throws Exception {
            URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : fx.server.uri(pathOrUrl);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                    .header("Accept", "text/html,application/xhtml+xml");
            headers.forEach(b::header);
            StringBuilder c = new StringBuilder();
            jar.forEach((k, v) -> {
                if (!crossSite || !strict.contains(k)) {
                    c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v);
                }
            });
            if (c.length() > 0) {
                b.header("Cookie", c.toString());
            }
            HttpResponse<String> r = fx.server.send(b);
            for (String sc : r.headers().allValues("Set-Cookie")) {
                String nv = sc.substring(0, sc.indexOf(';'));
                String name = nv.substring(0, nv.indexOf('='));
                if (sc.contains("Max-Age=0")) {
                    jar.remove(name);
                } else {
                    jar.put(name, nv.substring(nv.indexOf('=') + 1));
                    if (sc.contains("SameSite=Strict")) {
                        strict.add(name);
                    }
                }
            }
            return r;
        }

        /** Logs in from a protected page: the redirect, the user at the provider, the callback. */
        HttpResponse<String> login(String page, String subject, String acr) throws Exception {
            URI authorize = redirectToProvider(get(page));
            return callback(authorize, idp.authorize(authorize, subject, acr));
        }

        HttpResponse<String> callback(URI authorize, String code) throws Exception {
            Map<String, String> p = TestIdp.query(authorize.getRawQuery());
            return get(p.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(p.get("state")) + "&iss="
                    + enc(idp.issuer()), true);
        }
    }

    private void startWithRules(String rules) throws Exception {
        Path file = dir.resolve("rules");
        Files.writeString(file, rules);
        fx.with("zt.rules", "file:" + file).start();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI redirectToProvider(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(idp.authorizationEndpoint() + "?");
        return URI.create(location);
    }

    private static String setCookie(HttpResponse<String> r, String prefix) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(prefix)).findFirst().orElse(null);
    }

    private static String hop(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String body = r.body();
        int at = body.indexOf("url=");
        return body.substring(at + 4, body.indexOf('"', at)).replace("&amp;", "&");
    }

    @Test
    void navigationWithoutSessionIsSentToTheProviderWithPkceStateAndNonce() throws Exception {
        fx.start();
        Browser b = new Browser();
        HttpResponse<String> r = b.get("/orders?page=2");
        URI authorize = redirectToProvider(r);
        Map<String, String> p = TestIdp.query(authorize.getRawQuery());
        assertThat(p).containsEntry("response_type", "code").containsEntry("client_id", TestIdp.CLIENT_ID)
                .containsEntry("scope", "openid profile email").containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", "http://127.0.0.1:" + fx.server.port + "/app/zt/callback")
                .doesNotContainKeys("acr_values", "max_age");
        assertThat(p.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(p.get("nonce")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(p.get("state"));
        assertThat(p.get("code_challenge")).hasSize(43);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        String cookie = setCookie(r, "__Host-zt-login-");
        assertThat(cookie).contains("; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600")
                .doesNotContain(p.get("nonce")).doesNotContain(p.get("state"));
        assertThat(audit.matching("login_started")).hasSize(1);
    }

    @Test
    void loginCreatesACookieSessionAndReturnsToThePageFirstAskedFor() throws Exception {
        fx.start();
        Browser b = new Browser();
        HttpResponse<String> done = b.login("/orders?page=2&sort=asc", "alice", "pwd");
        assertThat(hop(done)).isEqualTo("/app/orders?page=2&sort=asc");
        assertThat(done.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("default-src 'none'"));
        assertThat(done.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(setCookie(done, "__Host-zt-session=")).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(setCookie(done, "__Host-zt-csrf=")).isNotNull();
        assertThat(b.jar.keySet()).noneMatch(k -> k.startsWith("__Host-zt-login-"));
        HttpResponse<String> page = b.get("/orders?page=2&sort=asc");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("user=alice");
        assertThat(idp.tokenRequests).hasValue(1);
        assertThat(audit.matching("session_created", "browser login, acr pwd")).hasSize(1);
    }

    @Test
    void apiRequestsAreNotRedirected() throws Exception {
        fx.start();
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Accept", "application/json")
                .GET());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .startsWith("Bearer"));
    }

    @Test
    void providerTakesPrecedenceOverTheLoginUrlForBrowsers() throws Exception {
        fx.with("zt.login-url", "/login").start();
        redirectToProvider(new Browser().get("/orders"));
    }

    @Test
    void callbackWithoutTheBrowsersLoginCookieIsRefusedLoginCsrf() throws Exception {
        fx.start();
        Browser victim = new Browser();
        Browser attacker = new Browser();
        URI authorize = redirectToProvider(attacker.get("/orders"));
        String code = idp.authorize(authorize, "mallory", "pwd");
        Map<String, String> p = TestIdp.query(authorize.getRawQuery());
        HttpResponse<String> r = victim.get(p.get("redirect_uri") + "?code=" + enc(code) + "&state="
                + enc(p.get("state")) + "&iss=" + enc(idp.issuer()));
        assertLoginFailed(r, 400, "login_failed");
        assertThat(victim.jar).doesNotContainKey("__Host-zt-session");
        assertThat(idp.tokenRequests).hasValue(0);
        assertThat(audit.matching("login_failed", "no login of this browser has this state")).hasSize(1);
    }

    private static void assertLoginFailed(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(r.body()).contains("Sign-in failed").contains("<code>" + reason + "</code>")
                .contains("href=\"/app/\"");
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("__Host-zt-session=")
                && !c.contains("Max-Age=0"));
    }

    @Test
    void wrongMissingOrForgedStateIsRefused() throws Exception {
        fx.start();
        Browser b = new Browser();
        URI authorize = redirectToProvider(b.get("/orders"));
        String code = idp.authorize(authorize, "alice", "pwd");
        String callback = TestIdp.query(authorize.getRawQuery()).get("redirect_uri");
        String state = TestIdp.query(authorize.getRawQuery()).get("state");
        assertLoginFailed(b.get(callback + "?code=" + enc(code)), 400, "login_failed");
        assertLoginFailed(b.get(callback + "?code=" + enc(code) + "&state=" + enc(state + "x")), 400, "login_failed");
        assertLoginFailed(b.get(callback + "?code=" + enc(code) + "&state=" + enc(state) + "&state=" + enc(state)),
                400, "login_failed");
        String cookie = b.jar.keySet().stream().filter(k -> k.startsWith("__Host-zt-login-")).findFirst().orElseThrow();
        String sealed = b.jar.get(cookie);
        b.jar.put(cookie, sealed.substring(0, 20) + (sealed.charAt(20) == 'A' ? 'B' : 'A') + sealed.substring(21));
        assertLoginFailed(b.get(callback + "?code=" + enc(code) + "&state=" + enc(state) + "&iss="
                + enc(idp.issuer())), 400, "login_failed");
        assertThat(idp.tokenRequests).hasValue(0);
    }

    @Test
    void replayedCallbackIsRefusedAndTheCodeIsExchangedOnce() throws Exception {
        fx.start();
        Browser b = new Browser();
        URI authorize = redirectToProvider(b.get("/orders"));
        String code = idp.authorize(authorize, "alice", "pwd");
        Map<String, String> saved = new LinkedHashMap<>(b.jar);
        hop(b.callback(authorize, code));
        Browser thief = new Browser();
        thief.jar.putAll(saved); // the login cookie and the callback URL, both captured
        assertLoginFailed(thief.callback(authorize, code), 400, "login_failed");
        assertThat(idp.tokenRequests).hasValue(1);
        assertThat(audit.matching("login_failed", "completed before")).hasSize(1);
    }

    @Test
    void nonceOfAnotherLoginIsRefused() throws Exception {
        fx.start();
        idp.idToken = t -> t.claim("nonce", "a-nonce-of-another-login");
        Browser b = new Browser();
        assertLoginFailed(b.login("/orders", "alice", "pwd"), 400, "login_failed");
        assertThat(audit.matching("login_failed", "nonce")).hasSize(1);
    }

    @Test
    void idTokenForAnotherClientOrWithoutNonceOrWithWrongAtHashIsRefused() throws Exception {
        fx.start();
        List<java.util.function.UnaryOperator<dev.zt.testing.TestTokens>> bad = List.of(
                t -> t.claim("aud", "another-client").claim("azp", "another-client"),
                t -> t.claim("aud", List.of(TestIdp.CLIENT_ID, "other")).without("azp"),
                t -> t.claim("azp", "other"),
                t -> t.without("nonce"),
                t -> t.without("sub"),
                t -> t.claim("at_hash", "AAAAAAAAAAAAAAAAAAAAAA"),
                t -> t.claim("exp", fx.clock.instant().getEpochSecond() - 120),
                t -> t.claim("iss", "https://other-idp.example"));
        for (java.util.function.UnaryOperator<dev.zt.testing.TestTokens> change : bad) {
            idp.idToken = change;
            assertLoginFailed(new Browser().login("/orders", "alice", "pwd"), 400, "login_failed");
        }
        assertThat(audit.matching("session_created")).isEmpty();
    }

    @Test
    void anAccessTokenAsIdTokenIsRefused() throws Exception {
        fx.start();
        idp.idToken = t -> t.claim("aud", dev.zt.testing.TestTokens.AUDIENCE).without("azp");
        assertLoginFailed(new Browser().login("/orders", "alice", "pwd"), 400, "login_failed");
        assertThat(audit.matching("login_failed", "audience_mismatch")).hasSize(1);
    }

    @Test
    void providerErrorAnswerIsRefusedWithoutCodeExchange() throws Exception {
        fx.start();
        Browser b = new Browser();
        URI authorize = redirectToProvider(b.get("/orders"));
        Map<String, String> p = TestIdp.query(authorize.getRawQuery());
        HttpResponse<String> r = b.get(p.get("redirect_uri") + "?error=access_denied&error_description="
                + enc("<script>x</script>") + "&state=" + enc(p.get("state")));
        assertLoginFailed(r, 400, "login_failed");
        assertThat(r.body()).doesNotContain("<script>");
        assertThat(idp.tokenRequests).hasValue(0);
        assertThat(audit.matching("login_failed", "error=access_denied")).hasSize(1);
        assertThat(b.jar.keySet()).noneMatch(k -> k.startsWith("__Host-zt-login-"));
    }

    @Test
    void answerOfAnotherIssuerIsRefusedMixUp() throws Exception {
        fx.start();
        Browser b = new Browser();
        URI authorize = redirectToProvider(b.get("/orders"));
        Map<String, String> p = TestIdp.query(authorize.getRawQuery());
        String code = idp.authorize(authorize, "alice", "pwd");
        assertLoginFailed(b.get(p.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(p.get("state"))
                + "&iss=" + enc("https://attacker.example")), 400, "login_failed");
        Browser other = new Browser();
        URI again = redirectToProvider(other.get("/orders"));
        Map<String, String> q = TestIdp.query(again.getRawQuery());
        assertLoginFailed(other.get(q.get("redirect_uri") + "?code=" + enc(idp.authorize(again, "alice", "pwd"))
                + "&state=" + enc(q.get("state"))), 400, "login_failed"); // iss is announced, so it is required
        assertThat(idp.tokenRequests).hasValue(0);
    }

    @Test
    void providerUnreachableIsAnErrorPageNotALoop() throws Exception {
        fx.start();
        idp.close();
        HttpResponse<String> r = new Browser().get("/orders");
        assertLoginFailed(r, 503, "idp_unavailable");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(audit.matching("login_failed", "idp_unavailable")).hasSize(1);
    }

    @Test
    void discoveryIsCachedAndAnOutageAfterwardsStillLogsIn() throws Exception {
        fx.start();
        new Browser().login("/orders", "alice", "pwd");
        idp.discoveryStatus = 500;
        hop(new Browser().login("/orders", "bob", "pwd"));
        assertThat(idp.discoveryRequests).hasValue(1);
    }

    @Test
    void tokenEndpointFailuresAreRefusedWithTheirReason() throws Exception {
        fx.start();
        idp.tokenStatus = 502;
        assertLoginFailed(new Browser().login("/orders", "alice", "pwd"), 503, "idp_unavailable");
        idp.tokenStatus = 400;
        idp.tokenBody = "{\"error\":\"invalid_grant\"}";
        assertLoginFailed(new Browser().login("/orders", "alice", "pwd"), 400, "login_failed");
        assertThat(audit.matching("login_failed", "error=invalid_grant")).hasSize(1);
    }

    @Test
    void loginOlderThanTheTimeoutIsRefused() throws Exception {
        fx.start();
        Browser b = new Browser();
        URI authorize = redirectToProvider(b.get("/orders"));
        String code = idp.authorize(authorize, "alice", "pwd");
        fx.clock.advance(Duration.ofMinutes(11));
        assertLoginFailed(b.callback(authorize, code), 400, "login_failed");
        assertThat(audit.matching("login_failed", "zt.oidc.login-timeout")).hasSize(1);
    }

    @Test
    void stepUpSendsTheBrowserToTheProviderWithAcrValuesAndStepsTheSessionUp() throws Exception {
        startWithRules("GET /admin/** acr=mfa max-age=5m\n");
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        String session = b.jar.get("__Host-zt-session");
        URI authorize = redirectToProvider(b.get("/admin/users"));
        Map<String, String> p = TestIdp.query(authorize.getRawQuery());
        assertThat(p).containsEntry("acr_values", "mfa").containsEntry("max_age", "300");
        assertThat(hop(b.callback(authorize, idp.authorize(authorize, "alice", "mfa")))).isEqualTo("/app/admin/users");
        assertThat(b.jar.get("__Host-zt-session")).isNotEqualTo(session);
        assertThat(b.get("/admin/users").statusCode()).isEqualTo(200);
        assertThat(audit.matching("session_stepped_up", "acr mfa")).hasSize(1);
        assertThat(audit.matching("session_created")).hasSize(1);
    }

    @Test
    void stepUpThatTheProviderDidNotPerformIsRefusedNotLooped() throws Exception {
        startWithRules("GET /admin/** acr=mfa\n");
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        URI authorize = redirectToProvider(b.get("/admin/users"));
        assertLoginFailed(b.callback(authorize, idp.authorize(authorize, "alice", "pwd")), 400, "login_failed");
        assertThat(audit.matching("login_failed", "did not authenticate at acr mfa")).hasSize(1);
        assertThat(b.get("/orders").statusCode()).isEqualTo(200); // the session it had is untouched
    }

    @Test
    void anotherUsersLoginInTheSameBrowserEndsTheFirstSession() throws Exception {
        startWithRules("GET /admin/** acr=mfa\n");
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        String alice = b.jar.get("__Host-zt-session");
        URI authorize = redirectToProvider(b.get("/admin/users"));
        hop(b.callback(authorize, idp.authorize(authorize, "bob", "mfa"))); // someone else logs in at the provider
        assertThat(b.get("/orders").body()).contains("user=bob");
        assertThat(fx.server.send(fx.server.request("/orders").header("Cookie", "__Host-zt-session=" + alice)
                .GET()).statusCode()).isEqualTo(401);
        assertThat(audit.matching("session_created")).hasSize(2);
    }

    @Test
    void tooManyLoginsFromOneClientAreRateLimited() throws Exception {
        fx.with("zt.session.create-rate.per-client", "3").start();
        for (int i = 0; i < 3; i++) {
            redirectToProvider(new Browser().get("/orders"));
        }
        HttpResponse<String> r = new Browser().get("/orders");
        assertLoginFailed(r, 429, "rate_limited");
    }

    @Test
    void aBrowserKeepsAtMostThreeLoginsInProgress() throws Exception {
        fx.start();
        Browser b = new Browser();
        for (int i = 0; i < 3; i++) {
            redirectToProvider(b.get("/orders?tab=" + i));
        }
        assertThat(b.jar.keySet()).filteredOn(k -> k.startsWith("__Host-zt-login-")).hasSize(3);
        redirectToProvider(b.get("/orders?tab=3"));
        assertThat(b.jar.keySet()).filteredOn(k -> k.startsWith("__Host-zt-login-")).hasSize(1);
    }

    @Test
    void providerSessionIsRecheckedWithTheRefreshTokenEveryInterval() throws Exception {
        fx.start();
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        assertThat(idp.refreshRequests).hasValue(0);
        fx.clock.advance(Duration.ofMinutes(6));
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        assertThat(idp.refreshRequests).hasValue(1);
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        assertThat(idp.refreshRequests).as("checked a moment ago").hasValue(1);
        fx.clock.advance(Duration.ofMinutes(6));
        assertThat(b.get("/orders").statusCode()).as("with the rotated refresh token").isEqualTo(200);
        assertThat(idp.refreshRequests).hasValue(2);
    }

    @Test
    void logoutAtTheProviderEndsTheZtSessionAtTheNextCheck() throws Exception {
        fx.start();
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        String session = b.jar.get("__Host-zt-session");
        idp.endSession("alice"); // an administrator logs the user out (or disables them) at the provider
        assertThat(b.get("/orders").statusCode()).as("not due yet").isEqualTo(200);
        fx.clock.advance(Duration.ofMinutes(6));
        redirectToProvider(b.get("/orders")); // the session ended: the browser logs in again
        assertThat(audit.matching("session_revoked", "idp_session_check")).hasSize(1);
        HttpResponse<String> api = fx.server.send(fx.server.request("/orders").header("Cookie", "__Host-zt-session="
                + session).header("Accept", "application/json").GET());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("session_revoked");
    }

    @Test
    void unreachableProviderDefersTheCheckOnceThenRefusesUntilItAnswers() throws Exception {
        fx.start();
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        idp.tokenStatus = 503;
        fx.clock.advance(Duration.ofMinutes(6));
        assertThat(b.get("/orders").statusCode()).as("deferred").isEqualTo(200);
        assertThat(audit.matching("idp_session_check_deferred")).hasSize(1);
        fx.clock.advance(Duration.ofMinutes(4));
        assertThat(b.get("/orders").statusCode()).as("within the deferral").isEqualTo(200);
        fx.clock.advance(Duration.ofMinutes(2)); // one interval after the deferred check
        HttpResponse<String> refused = b.get("/orders");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("idp_unavailable");
        assertThat(b.get("/orders").statusCode()).as("every request tries again").isEqualTo(503);
        idp.tokenStatus = 200;
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        assertThat(idp.refreshRequests).as("checked again at once, and confirmed").hasValue(1);
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        assertThat(idp.refreshRequests).hasValue(1);
    }

    @Test
    void loginWithoutARefreshTokenIsRefusedWhileTheProviderSessionIsChecked() throws Exception {
        fx.start();
        idp.issueRefreshTokens = false;
        assertLoginFailed(new Browser().login("/orders", "alice", "pwd"), 400, "login_failed");
        assertThat(audit.matching("login_failed", "no refresh token")).hasSize(1);
    }

    @Test
    void withTheCheckOffNoRefreshTokenIsNeededNorUsed() throws Exception {
        fx.with("zt.oidc.idp-session-check", "off").start();
        idp.issueRefreshTokens = false;
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        fx.clock.advance(Duration.ofMinutes(6));
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        assertThat(idp.refreshRequests).hasValue(0);
    }

    @Test
    void browserLogoutEndsTheProviderSessionToo() throws Exception {
        fx.start();
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        HttpResponse<String> r = fx.server.send(fx.server.request("/zt/logout").header("Accept", "text/html")
                .header("Cookie", "__Host-zt-session=" + b.jar.get("__Host-zt-session") + "; __Host-zt-device="
                        + b.jar.get("__Host-zt-device")).header("X-CSRF-Token", b.jar.get("__Host-zt-csrf"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        URI end = URI.create(hop(r)); // a page, not a 303: a form-action CSP of the application cannot block it
        assertThat(end.toString()).startsWith(idp.issuer() + "/logout?");
        Map<String, String> p = TestIdp.query(end.getRawQuery());
        assertThat(p).containsEntry("client_id", TestIdp.CLIENT_ID)
                .containsEntry("post_logout_redirect_uri", "http://127.0.0.1:" + fx.server.port + "/app/");
        assertThat(p.get("id_token_hint")).contains(".");
        assertThat(setCookie(r, "__Host-zt-session=")).contains("Max-Age=0");
        redirectToProvider(b.get("/orders")); // the zt session is gone too
    }

    @Test
    void logoutOfAnApiClientIsStillNoContent() throws Exception {
        fx.start();
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        HttpResponse<String> r = fx.server.send(fx.server.request("/zt/logout").header("Cookie", "__Host-zt-session="
                + b.jar.get("__Host-zt-session") + "; __Host-zt-device=" + b.jar.get("__Host-zt-device"))
                .header("X-CSRF-Token", b.jar.get("__Host-zt-csrf")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @Test
    void callbackOnAnotherNodeCompletesTheLoginOnceOnTheWholeCluster() throws Exception {
        dev.zt.spi.store.ReplayCache replays = new dev.zt.internal.revocation.InMemoryReplayCache(fx.clock, 1000);
        fx.customizers.add(b -> b.replayCache(replays)); // what zt.store=redis shares between the nodes
        fx.start();
        try (FilterFixture other = new FilterFixture()) {
            other.settings.putAll(fx.settings);
            other.customizers.add(b -> b.replayCache(replays));
            other.clock.set(fx.clock.instant());
            other.start();
            Browser b = new Browser();
            URI authorize = redirectToProvider(b.get("/orders")); // node A
            String code = idp.authorize(authorize, "alice", "pwd");
            Map<String, String> p = TestIdp.query(authorize.getRawQuery());
            String query = "?code=" + enc(code) + "&state=" + enc(p.get("state")) + "&iss=" + enc(idp.issuer());
            Map<String, String> captured = new LinkedHashMap<>(b.jar);
            assertThat(hop(b.get(other.server.uri("/zt/callback").toString() + query, true))) // node B
                    .isEqualTo("/app/orders");
            Browser replay = new Browser();
            replay.jar.putAll(captured);
            assertLoginFailed(replay.get(p.get("redirect_uri") + query, true), 400, "login_failed"); // node A again
            assertThat(idp.tokenRequests).hasValue(1);
        }
    }

    @Test
    void aNodeWithAnotherClientSecretCannotOpenTheLoginState() throws Exception {
        fx.start();
        try (FilterFixture other = new FilterFixture()) {
            other.settings.putAll(fx.settings);
            Path secret = dir.resolve("other-secret");
            Files.writeString(secret, "another-secret");
            other.settings.put("zt.client-secret", "file:" + secret);
            other.clock.set(fx.clock.instant());
            other.start();
            Browser b = new Browser();
            URI authorize = redirectToProvider(b.get("/orders"));
            Map<String, String> p = TestIdp.query(authorize.getRawQuery());
            assertLoginFailed(b.get(other.server.uri("/zt/callback").toString() + "?code="
                    + enc(idp.authorize(authorize, "alice", "pwd")) + "&state=" + enc(p.get("state")) + "&iss="
                    + enc(idp.issuer()), true), 400, "login_failed");
        }
    }

    @Test
    void clientAuthenticatesWithPrivateKeyJwtWhenGivenAKey() throws Exception {
        Path key = dir.resolve("client-key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                dev.zt.testing.TestKeys.EC.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        fx.settings.remove("zt.client-secret");
        fx.with("zt.client-key", "file:" + key).start();
        idp.clientKey = dev.zt.testing.TestKeys.EC.getPublic();
        Browser b = new Browser();
        HttpResponse<String> done = b.login("/orders", "alice", "pwd");
        assertThat(done.statusCode()).as(idp.assertionProblem).isEqualTo(200);
        assertThat(b.get("/orders").body()).contains("user=alice");
        fx.clock.advance(Duration.ofMinutes(6));
        assertThat(b.get("/orders").statusCode()).as("the refresh authenticates the same way").isEqualTo(200);
        assertThat(idp.refreshRequests).hasValue(1);
        idp.clientKey = dev.zt.testing.TestKeys.RSA_2.getPublic(); // the provider knows another key for the client
        assertLoginFailed(new Browser().login("/orders", "bob", "pwd"), 400, "login_failed");
        assertThat(audit.matching("login_failed", "HTTP 401 error=invalid_client")).hasSize(1);
    }

    @Test
    void loginFromANewCountryAsksForMfaAtTheProvider() throws Exception {
        Path geo = dir.resolve("geo.csv");
        Files.writeString(geo, "192.0.2.0/24,DE,52.52,13.40\n198.51.100.0/24,FR,48.85,2.35\n");
        fx.with("zt.geo.cidr-file", "file:" + geo).with("zt.trusted-proxies", "127.0.0.1").start();
        Browser b = new Browser();
        b.headers.put("X-Forwarded-For", "192.0.2.10"); // Berlin: the first country is learned
        hop(b.login("/orders", "alice", "pwd"));
        assertThat(b.get("/orders").statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofMinutes(2));
        b.headers.put("X-Forwarded-For", "198.51.100.20"); // Paris: the risk engine asks for mfa
        URI authorize = redirectToProvider(b.get("/orders"));
        assertThat(TestIdp.query(authorize.getRawQuery())).containsEntry("acr_values", "mfa");
        assertThat(audit.matching("\"decision\":\"STEP_UP\"", "new_country")).hasSize(1);
        fx.clock.advance(Duration.ofMinutes(1));
        assertThat(hop(b.callback(authorize, idp.authorize(authorize, "alice", "mfa")))).isEqualTo("/app/orders");
        assertThat(b.get("/orders").statusCode()).as("the country is learned once stepped up").isEqualTo(200);
        assertThat(audit.matching("session_stepped_up", "acr mfa")).hasSize(1);
    }

    @Test
    void withoutJwksUriTheLoginIssuersKeysComeFromItsDiscoveryDocument() throws Exception {
        fx.keys = null; // no jwks-uri, no public key, no programmatic source: discovery's jwks_uri
        fx.start();
        Browser b = new Browser();
        hop(b.login("/orders", "alice", "pwd"));
        assertThat(b.get("/orders").body()).contains("user=alice");
        assertThat(idp.certsRequests.get()).isPositive();
        assertThat(fx.engine.config().issuers().get("default").keySourceKind())
                .isEqualTo(dev.zt.config.IssuerConfig.KeySourceKind.DISCOVERY);
    }

    @Test
    void configurationErrorsAreRefusedAtStart() {
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "api://orders", "zt.client-secret", "env:X")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("access-token audience");
        assertThatThrownBy(() -> settings(Map.of("zt.client-secret", "env:X")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.client-id");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.client-secret");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.client-key", "file:/k.pem"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("choose one");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-key", "https://k")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("file: path or a classpath:");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-key", "file:" + dir.resolve("none"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot use the client key");
        assertThatThrownBy(() -> settings(Map.of("zt.client-key", "file:/k.pem")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.client-id");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", "literal")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("env:VARIABLE or file:path");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret",
                "env:ZT_TEST_CLIENT_SECRET_THAT_IS_NOT_SET"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not set").hasMessageNotContaining("literal");
        assertThatThrownBy(() -> settings(Map.of("zt.oidc.scopes", "profile"))).isInstanceOf(
                ConfigurationException.class).hasMessageContaining("no issuer has a client-id");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.login-issuer", "other"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names no issuer with a client-id");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.oidc.scopes", "pro\"file"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scope token");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.oidc.redirect-uri", "http://app.example/zt/callback"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("https");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.oidc.login-timeout", "2h"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("between 30s and 1h");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.oidc.idp-session-check", "10s"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 30s");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.oidc.post-logout-redirect-uri", "/relative"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("absolute https");
        assertThatThrownBy(() -> settings(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.issuer", "http://idp.example/realms/acme"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("https: URL");
    }

    @Test
    void severalLoginIssuersNeedTheLoginIssuerKey() {
        Map<String, String> two = new LinkedHashMap<>(Map.of("zt.client-id", "web", "zt.client-secret", secretFile(),
                "zt.issuers.partner.issuer", "https://partner.example", "zt.issuers.partner.audience", "api://orders",
                "zt.issuers.partner.jwks-uri", "https://partner.example/jwks", "zt.issuers.partner.client-id", "web",
                "zt.issuers.partner.client-secret", secretFile()));
        assertThatThrownBy(() -> settings(two)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.login-issuer");
        two.put("zt.login-issuer", "partner");
        assertThat(settings(two).login.issuer.name()).isEqualTo("partner");
        assertThat(settings(two).login.scope).isEqualTo("openid");
    }

    private String secretFile() {
        try {
            Path p = dir.resolve("secret");
            Files.writeString(p, "abc");
            return "file:" + p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FilterSettings settings(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("zt.issuer", "https://idp.example/realms/acme",
                "zt.audience", "api://orders", "zt.jwks-uri", "https://idp.example/jwks"));
        m.putAll(extra);
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("test", m))
                .build();
        return new FilterSettings(config, BrowserLoginTest.class.getClassLoader());
    }
}
