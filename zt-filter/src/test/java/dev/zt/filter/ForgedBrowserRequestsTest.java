package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests another origin's page makes a signed-in browser send. A page on the same site (a sibling subdomain, another
 * port: the {@code SameSite=Strict} session cookie is sent with its requests) can make the browser send any number of
 * safe requests with the session cookie: images, scripts, {@code fetch}, frames, navigations of a window it opened.
 * They are refused before anything is decided or recorded: were they counted, ten refusals
 * ({@code zt.risk.authz-failures.max}, 3 here) or a burst of requests ({@code zt.risk.rate.revoke-per-minute}) would
 * revoke the victim's session. What the browser says about a request (Fetch Metadata) is used only to refuse, never to
 * admit or to count less: the user's own refusals still count, whatever a client sends.
 */
class ForgedBrowserRequestsTest {

    /**
     * Requests another origin's page can make the browser send without its user, as browsers send them, and spellings
     * no browser sends: subresources, plug-ins, frames, navigations without the user's activation.
     */
    private static final List<String[]> FORGEABLE = List.of(
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "script"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "websocket", "Sec-Fetch-Dest", "websocket"},
            new String[] {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "style"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "object"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "embed"},
            new String[] {"Sec-Fetch-Site", "same-site"}, // no mode: not a navigation
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "Navigate", "Sec-Fetch-Dest", "document"},
            new String[] {"Sec-Fetch-Site", "Same-Origin", "Sec-Fetch-Mode", "no-cors"}, // not the token: not ours
            new String[] {"Sec-Fetch-Site", "same-site, same-origin", "Sec-Fetch-Mode", "cors"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"},
            new String[] {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document",
                "Sec-Fetch-User", "?0"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "iframe",
                "Sec-Fetch-User", "?1"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "frame"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "Document",
                "Sec-Fetch-User", "?1"}); // not the token: not a top-level navigation

    /** Requests the user made: no cross-origin page could have sent them without the user. */
    private static final List<String[]> USERS_OWN = List.of(
            new String[] {},
            new String[] {"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"},
            new String[] {"Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document",
                "Sec-Fetch-User", "?1"},
            new String[] {"Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"},
            new String[] {"Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "iframe"},
            new String[] {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document",
                "Sec-Fetch-User", "?1"},
            new String[] {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document",
                "Sec-Fetch-User", "?1"});

    private final FilterFixture fx = new FilterFixture();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "* /admin/** roles=admin\n");
        fx.with("zt.rules", "file:" + rules).with("zt.risk.authz-failures.max", "3").start();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    /** The browser's device cookie, once it has one (every session of the test is one browser's). */
    private String device;

    /** A new cookie-mode session of the same browser: the cookies the browser then sends (session and device). */
    private String browserSession() throws Exception {
        fx.clock.advance(Duration.ofSeconds(7)); // at most 10 sessions of one subject a minute
        HttpRequest.Builder b = fx.server.request("/zt/session?mode=cookie").header("Authorization", "Bearer "
                + fx.access());
        if (device != null) {
            b.header("Cookie", device);
        }
        HttpResponse<String> r = fx.server.send(b.POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String session = null;
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith("__Host-zt-session=")) {
                session = c.substring(0, c.indexOf(';'));
            } else if (c.startsWith("__Host-zt-device=")) {
                device = c.substring(0, c.indexOf(';'));
            }
        }
        return session + "; " + device;
    }

    private HttpResponse<String> send(String method, String path, String cookies, String... headers)
            throws Exception {
        HttpRequest.Builder b = fx.server.request(path).header("Cookie", cookies)
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return fx.server.send(b);
    }

    /** {@code /orders}, which alice may open, with each safe method. */
    private List<HttpResponse<String>> everySafeMethod(String cookies, String[] headers) throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String method : List.of("GET", "HEAD", "OPTIONS")) {
            answers.add(send(method, "/orders", cookies, headers));
        }
        return answers;
    }

    private static String spelling(String[] headers) {
        return headers.length == 0 ? "no Sec-Fetch-* header" : String.join(" ", headers);
    }

    @Test
    void requestsAnotherOriginsPageMadeWithTheSessionCookieAreRefused() throws Exception {
        String cookies = browserSession();
        for (String[] s : FORGEABLE) {
            for (HttpResponse<String> r : everySafeMethod(cookies, s)) {
                assertThat(r.statusCode()).as(r.request().method() + " " + spelling(s)).isEqualTo(403);
                if (!r.request().method().equals("HEAD")) {
                    assertThat(r.body()).as(spelling(s)).contains("\"reason\":\"csrf_rejected\"")
                            .doesNotContain("user=alice");
                }
            }
        }
        HttpResponse<String> owner = send("GET", "/orders", cookies);
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
    }

    @Test
    void theUsersOwnRequestsReachTheApplication() throws Exception {
        String cookies = browserSession();
        for (String[] s : USERS_OWN) {
            for (HttpResponse<String> r : everySafeMethod(cookies, s)) {
                assertThat(r.statusCode()).as(r.request().method() + " " + spelling(s) + ": " + r.body())
                        .isEqualTo(200);
            }
            assertThat(send("GET", "/orders", cookies, s).body()).contains("user=alice");
        }
    }

    @Test
    void bearerCredentialsAreNotRefusedForWhatTheBrowserSays() throws Exception {
        for (String[] s : FORGEABLE) { // a page cannot set another origin's Authorization header
            HttpRequest.Builder b = fx.server.request("/orders").header("Authorization", "Bearer " + fx.access());
            for (int i = 0; i < s.length; i += 2) {
                b.header(s[i], s[i + 1]);
            }
            assertThat(fx.server.send(b.GET()).statusCode()).as(spelling(s)).isEqualTo(200);
        }
    }

    @Test
    void forgedRequestsOfEverySpellingCannotRevokeTheSessionOwnersSession() throws Exception {
        String cookies = browserSession();
        for (String[] s : FORGEABLE) {
            for (String path : List.of("/admin/users", "/deny", "/forbidden", "/admin/users")) {
                assertThat(send("GET", path, cookies, s).body()).as(path + " " + spelling(s))
                        .contains("\"reason\":\"csrf_rejected\"");
            }
            assertOwnerStillServed(cookies, spelling(s));
        }
    }

    @Test
    void forgedRequestsDoNotCountTowardsTheSessionsRequestRate() throws Exception {
        fx.close();
        fx.with("zt.risk.rate.max-per-minute", "8").with("zt.risk.rate.revoke-per-minute", "10").start();
        String cookies = browserSession();
        for (int i = 0; i < 30; i++) {
            String[] s = FORGEABLE.get(i % FORGEABLE.size());
            assertThat(send("GET", "/orders", cookies, s).body()).as(spelling(s)).contains("csrf_rejected");
        }
        assertOwnerStillServed(cookies, "30 forged requests within a minute");
        for (int i = 0; i < 12; i++) { // the owner's own burst still counts
            send("GET", "/orders", cookies);
        }
        HttpResponse<String> after = send("GET", "/orders", cookies);
        assertThat(after.body()).as("the owner's own requests count").contains("\"reason\":\"session_revoked\"");
    }

    private void assertOwnerStillServed(String cookies, String after) throws Exception {
        HttpResponse<String> owner = send("GET", "/orders", cookies, "Sec-Fetch-Site", "same-origin");
        assertThat(owner.statusCode()).as("after forged requests (" + after + "): " + owner.body()).isEqualTo(200);
    }

    @Test
    void theUsersOwnRefusalsStillRevokeTheSessionAfterTheMax() throws Exception {
        for (String[] s : USERS_OWN) {
            String cookies = browserSession();
            for (int i = 0; i < 3; i++) {
                assertThat(send("GET", "/admin/users", cookies, s).body()).as(spelling(s))
                        .contains("\"reason\":\"insufficient_role\"");
            }
            HttpResponse<String> after = send("GET", "/orders", cookies, "Sec-Fetch-Site", "same-origin");
            assertThat(after.body()).as("counted: " + spelling(s)).contains("\"reason\":\"session_revoked\"");
        }
    }

    @Test
    void theApplicationsOwnRefusalsOfTheUsersRequestsStillCount() throws Exception {
        for (String[] s : USERS_OWN) {
            String cookies = browserSession();
            for (String path : List.of("/deny", "/forbidden", "/deny")) { // an exception zt answers, a plain 403
                HttpResponse<String> d = send("GET", path, cookies, s);
                assertThat(d.statusCode()).as(spelling(s) + d.body()).isEqualTo(403);
            }
            HttpResponse<String> after = send("GET", "/orders", cookies);
            assertThat(after.body()).as("counted: " + spelling(s)).contains("\"reason\":\"session_revoked\"");
        }
    }

    @Test
    void aClientSendingFetchMetadataWithABearerTokenIsStillCounted() throws Exception {
        String access = fx.access();
        for (int i = 0; i < 3; i++) { // only the browser's cookie can be sent by another page
            HttpRequest.Builder b = fx.server.request("/admin/users").header("Authorization", "Bearer " + access)
                    .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate")
                    .header("Sec-Fetch-Dest", "iframe");
            assertThat(fx.server.send(b.GET()).body()).contains("\"reason\":\"insufficient_role\"");
        }
        HttpResponse<String> after = fx.server.get("/orders", access);
        assertThat(after.body()).contains("\"reason\":\"risk_denied\"");
    }
}
