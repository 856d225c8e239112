package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigurationException;
import dev.zt.internal.json.StrictJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The roll-out console ({@code zt.console.*}) through the filter: only a caller with the configured role and acr gets
 * it (in report-only mode too, never as a public path); its page has a strict CSP and no inline code; its activity API
 * counts exactly what was decided (not its own requests); a session revoked from it is refused, and a cookie session
 * revokes only with the CSRF token.
 */
class ConsoleTest {

    private final FilterFixture fx = new FilterFixture();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private FilterFixture console() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /admin/** roles=admin\n# the application's own rules cannot open the console\n"
                + "* /zt/** authenticated\n");
        return fx.with("zt.console.enabled", "true").with("zt.console.role", "ops").with("zt.console.acr", "mfa")
                .with("zt.rules", "file:" + rules);
    }

    private String operator() {
        return fx.access(fx.token().claim("sub", "olga").claim("roles", List.of("ops")).claim("acr", "mfa"));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return fx.server.get(path, token);
    }

    @Test
    void theConsoleIsRefusedWithoutTheRoleOrTheAcrEvenInReportOnlyMode() throws Exception {
        console().with("zt.mode", "report-only").with("zt.public-paths", "/zt/session").start();
        HttpResponse<String> none = get("/zt/console", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("token_missing").doesNotContain("<html");
        HttpResponse<String> user = get("/zt/console/api/activity", fx.access(fx.token().claim("acr", "mfa")));
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.body()).contains("insufficient_role");
        HttpResponse<String> noMfa = get("/zt/console", fx.access(fx.token().claim("roles", List.of("ops"))));
        assertThat(noMfa.statusCode()).isEqualTo(401);
        assertThat(noMfa.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("acr_values=\"mfa\"");
        assertThat(get("/zt/console/api/sessions?subject=alice", fx.access()).statusCode()).isEqualTo(403);
        assertThat(get("/orders", null).statusCode()).as("report-only elsewhere").isEqualTo(200);
        assertThat(get("/zt/console", operator()).statusCode()).isEqualTo(200);
    }

    @Test
    void thePageHasAStrictPolicyOfItsOwnAndNoInlineCode() throws Exception {
        console().start();
        HttpResponse<String> page = get("/zt/console", fx.access(fx.token().claim("sub", "<b>olga</b>")
                .claim("roles", List.of("ops")).claim("acr", "mfa")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        String html = page.body();
        assertThat(html).contains("src=\"/app/zt/console/console.js\"", "href=\"/app/zt/console/console.css\"")
                .contains("&lt;b&gt;olga&lt;/b&gt;").doesNotContain("<b>olga").doesNotContain(" style=")
                .doesNotContain(" onclick=").doesNotContain("{{");
        assertThat(html.split("<script").length - 1).isEqualTo(1);
        assertThat(html).contains("<script src=").doesNotContain("<script>");

        HttpResponse<String> js = get("/zt/console/console.js", operator());
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(js.body()).contains("textContent").doesNotContain("innerHTML").doesNotContain("eval(");
        assertThat(get("/zt/console/console.css", operator()).headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/css");
        assertThat(get("/zt/console/nothing", operator()).statusCode()).isEqualTo(404);
        assertThat(fx.server.send(fx.server.request("/zt/console/api/activity").header("Authorization", "Bearer "
                + operator()).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(405);
        assertThat(get("/zt/console/api/activity?window=2y", operator()).statusCode()).isEqualTo(400);
        HttpResponse<String> health = get("/zt/console/api/health", operator());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(StrictJson.parseObject(health.body())).containsEntry("status", "UP").containsKey("components");
        assertThat(get("/zt/console/api/health", fx.access()).statusCode()).as("not an operator").isEqualTo(403);
    }

    @Test
    void theActivityCountsWhatWasDecidedGroupedByPathAndReasonButNotTheConsolesOwnRequests() throws Exception {
        console().start();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/orders/" + i, fx.access()).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get("/orders/" + (100 + i), null).statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(get("/admin/users/" + i, fx.access()).statusCode()).isEqualTo(403);
        }
        get("/zt/console", operator());
        get("/zt/console/api/activity", operator());
        HttpResponse<String> r = get("/zt/console/api/activity?window=1h", operator());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        Map<String, Object> a = StrictJson.parseObject(r.body());
        assertThat(a).containsEntry("mode", "enforce").containsEntry("scope", "node").containsEntry("step_minutes", 1L);
        assertThat(a.get("totals")).isEqualTo(Map.of("allow", 5L, "step_up", 0L, "deny", 5L, "revoke_session", 0L));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) a.get("timeline");
        assertThat(timeline).hasSize(60);
        assertThat(timeline.stream().mapToLong(p -> (Long) p.get("deny")).sum()).isEqualTo(5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> refusals = (List<Map<String, Object>>) a.get("refusals");
        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(0)).containsEntry("path", "/orders/{}").containsEntry("decision", "deny")
                .containsEntry("reason", "token_missing").containsEntry("count", 3L)
                .containsEntry("top_subjects", Map.of()).containsEntry("top_clients", Map.of("127.0.0.1", 3L));
        assertThat(refusals.get(1)).containsEntry("path", "/admin/users/{}").containsEntry("reason",
                "insufficient_role").containsEntry("count", 2L).containsEntry("top_subjects", Map.of("alice", 2L));
    }

    private String session(String accessToken) throws Exception {
        HttpResponse<String> r = fx.server.send(fx.server.request("/zt/session").header("Authorization", "Bearer "
                + accessToken).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) StrictJson.parseObject(r.body()).get("session_token");
    }

    @Test
    void aSessionRevokedFromTheConsoleIsRefused() throws Exception {
        console().start();
        String alice = session(fx.access());
        assertThat(get("/orders", alice).statusCode()).isEqualTo(200);

        Map<String, Object> recent = StrictJson.parseObject(get("/zt/console/api/sessions", operator()).body());
        assertThat((List<?>) recent.get("sessions")).as("the sessions begun lately, without a subject")
                .singleElement().satisfies(s -> assertThat(((Map<?, ?>) s).get("subject")).isEqualTo("alice"));
        Map<String, Object> listed = StrictJson.parseObject(get("/zt/console/api/sessions?subject=alice",
                operator()).body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) listed.get("sessions");
        assertThat(sessions).singleElement().satisfies(s -> assertThat(s).containsEntry("revoked", false));
        String id = (String) sessions.get(0).get("id");

        assertThat(revoke(id, "Bearer " + fx.access(), null).statusCode()).as("not an operator").isEqualTo(403);
        assertThat(get("/orders", alice).statusCode()).isEqualTo(200);
        HttpResponse<String> done = revoke(id, "Bearer " + operator(), null);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("\"revoked\":true");
        HttpResponse<String> refused = get("/orders", alice);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("session_revoked");
        assertThat(revoke("no-such-session", "Bearer " + operator(), null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> revoke(String id, String authorization, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = fx.server.request("/zt/console/api/revoke")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("session=" + id));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (headers != null) {
            headers.forEach(b::header);
        }
        return fx.server.send(b);
    }

    @Test
    void anOperatorsCookieSessionRevokesOnlyWithTheCsrfToken() throws Exception {
        console().start();
        String alice = session(fx.access());
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session?mode=cookie")
                .header("Authorization", "Bearer " + operator()).POST(HttpRequest.BodyPublishers.noBody()));
        String cookies = created.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
                .filter(c -> !c.startsWith("__Host-zt-csrf")).reduce((x, y) -> x + "; " + y).orElseThrow();
        String csrf = (String) StrictJson.parseObject(created.body()).get("csrf_token");
        assertThat(fx.server.send(fx.server.request("/zt/console").header("Cookie", cookies)).statusCode())
                .isEqualTo(200);
        String id = (String) ((List<Map<String, Object>>) StrictJson.parseObject(fx.server.send(fx.server
                .request("/zt/console/api/sessions?subject=alice").header("Cookie", cookies)).body())
                .get("sessions")).get(0).get("id");

        HttpResponse<String> forged = revoke(id, null, Map.of("Cookie", cookies));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("csrf_rejected");
        assertThat(get("/orders", alice).statusCode()).isEqualTo(200);
        assertThat(revoke(id, null, Map.of("Cookie", cookies, "X-CSRF-Token", csrf)).statusCode()).isEqualTo(200);
        assertThat(get("/orders", alice).statusCode()).isEqualTo(401);
    }

    private static void settings(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("zt.issuer", "https://idp.example/realms/acme",
                "zt.audience", "api://orders", "zt.jwks-uri", "https://idp.example/jwks", "zt.console.enabled", "true"));
        m.putAll(extra);
        new dev.zt.filter.internal.settings.FilterSettings(dev.zt.config.ZtConfig.builder()
                .moduleKeys(dev.zt.filter.internal.settings.FilterSettings.KEYS)
                .source(dev.zt.config.ConfigSource.of("test", m)).build(), ConsoleTest.class.getClassLoader());
    }

    @Test
    void theConsoleNeedsARoleAndAnAcrAndCannotBeAPublicPath() {
        assertThatThrownBy(() -> settings(Map.of("zt.console.acr", "mfa"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.console.role").hasMessageContaining("never public");
        assertThatThrownBy(() -> settings(Map.of("zt.console.role", "ops"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.console.acr");
        assertThatThrownBy(() -> settings(Map.of("zt.console.role", "ops admin", "zt.console.acr", "mfa")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.console.role");
        assertThatThrownBy(() -> settings(Map.of("zt.console.role", "ops", "zt.console.acr", "mfa#x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.console.acr");
        for (String pattern : List.of("/zt/**", "/zt/console", "/zt/console/**", "/*/console")) {
            assertThatThrownBy(() -> settings(Map.of("zt.console.role", "ops", "zt.console.acr", "mfa",
                    "zt.public-paths", pattern))).as(pattern).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("zt.public-paths").hasMessageContaining("never public");
        }
        assertThatThrownBy(() -> settings(Map.of("zt.console.enabled", "yes")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.console.enabled");
        settings(Map.of("zt.console.role", "ops", "zt.console.acr", "mfa", "zt.public-paths", "/zt/session"));
    }
}
