package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session lifecycle on a real WildFly. The server runs on real time, so these tests wait real (short) time: a token
 * lives 4 s and is due for refresh after 1 s; rotation grace 1 s; idle limit 3 s; absolute limit 6 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SessionsIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.war("sessions")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.algorithms", "RS256")
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.session.ttl", "4s")
                .param("zt.session.refresh-before", "3s")
                .param("zt.session.rotation-grace", "1s")
                .param("zt.session.idle-timeout", "3s")
                .param("zt.session.max-lifetime", "6s")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .servlet(EchoServlet.class, "/*")
                .build();
    }

    private HttpResponse<String> exchange(boolean cookie) throws Exception {
        return exchange(cookie, "alice");
    }

    /** A browser of its own subject: a second browser of one subject would be a new device (step-up). */
    private HttpResponse<String> exchange(boolean cookie, String subject) throws Exception {
        String access = TestTokens.valid(Instant.now()).claim("sub", subject).sign("RS256", ItKeys.IDP.getPrivate());
        HttpResponse<String> r = Http.send(Http.request(base, "/zt/session" + (cookie ? "?mode=cookie" : ""))
                .header("Authorization", "Bearer " + access).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private String sessionToken() throws Exception {
        return (String) StrictJson.parseObject(exchange(false).body()).get("session_token");
    }

    private static String cookie(HttpResponse<String> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis); // real server time: see the class comment
    }

    /**
     * Waits for the start of a second of the clock the server shares with this test. A session token's {@code exp} has
     * whole seconds (JWT NumericDate), so a token minted at x.9 s lives 3.1 s and is due for refresh 0.1 s later; minted
     * early in a second, it is not due for most of one. Real time (at most a second): the deployed server's session
     * clock is the system clock (class comment); the refresh rule itself is tested with an injected clock in
     * {@code SessionManagerTest} and {@code SessionFilterTest}.
     */
    private static void startOfASecond() throws InterruptedException {
        long intoSecond = System.currentTimeMillis() % 1000;
        if (intoSecond > 100) {
            Thread.sleep(1000 - intoSecond + 10);
        }
    }

    @Test
    void refreshArrivesInHeaderMode() throws Exception {
        startOfASecond();
        String token = sessionToken();
        assertThat(Http.get(base, "/orders", token).headers().firstValue("X-Refreshed-Token")).isEmpty();
        pause(1200);
        HttpResponse<String> r = Http.get(base, "/orders", token);
        assertThat(r.statusCode()).isEqualTo(200);
        String fresh = r.headers().firstValue("X-Refreshed-Token").orElseThrow();
        assertThat(Http.get(base, "/orders", fresh).body()).contains("user=alice");
    }

    @Test
    void refreshArrivesAsCookieInCookieMode() throws Exception {
        HttpResponse<String> created = exchange(true, "cookie-tester");
        String first = cookie(created, "__Host-zt-session");
        assertThat(created.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("__Host-zt-session=").contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/"));
        pause(1200);
        HttpResponse<String> r = Http.send(Http.request(base, "/orders").header("Cookie", "__Host-zt-session="
                + first + "; __Host-zt-device=" + cookie(created, "__Host-zt-device")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(cookie(r, "__Host-zt-session")).isNotNull().isNotEqualTo(first);
    }

    @Test
    void replacedTokenWorksWithinGraceThenRevokesTheSession() throws Exception {
        String token = sessionToken();
        pause(1200);
        String fresh = Http.get(base, "/orders", token).headers().firstValue("X-Refreshed-Token").orElseThrow();
        HttpResponse<String> inFlight = Http.get(base, "/orders", token);
        assertThat(inFlight.statusCode()).isEqualTo(200);
        assertThat(inFlight.headers().firstValue("X-Refreshed-Token")).contains(fresh);
        assertThat(Http.get(base, "/orders", fresh).statusCode()).isEqualTo(200); // the client has moved on
        pause(1300);
        assertThat(Http.get(base, "/orders", token).body()).contains("\"reason\":\"token_reused\"");
        assertThat(Http.get(base, "/orders", fresh).body()).contains("\"reason\":\"session_revoked\"");
    }

    @Test
    void logoutRevokesForTheVeryNextRequest() throws Exception {
        String token = sessionToken();
        HttpResponse<String> out = Http.send(Http.request(base, "/zt/logout").header("Authorization", "Bearer "
                + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(204);
        HttpResponse<String> after = Http.get(base, "/orders", token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("\"reason\":\"session_revoked\"");
    }

    @Test
    void idleSessionExpires() throws Exception {
        String token = sessionToken();
        pause(3300);
        assertThat(Http.get(base, "/orders", token).body()).contains("\"reason\":\"session_expired\"");
    }

    @Test
    void activeSessionEndsAtTheAbsoluteLimit() throws Exception {
        String token = sessionToken();
        long start = System.nanoTime();
        HttpResponse<String> r = null;
        while (System.nanoTime() - start < 7_000_000_000L) {
            pause(900);
            r = Http.get(base, "/orders", token);
            if (r.statusCode() != 200) {
                break;
            }
            token = r.headers().firstValue("X-Refreshed-Token").orElse(token);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(5_500);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"reason\":\"session_expired\"");
    }

    @Test
    void fiftyParallelRequestsWithTheSameDueTokenAllSucceedWithOneNewToken() throws Exception {
        String token = sessionToken();
        pause(1200);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return Http.get(base, "/orders", token);
                }));
            }
            go.countDown();
            Set<String> handedOut = new HashSet<>();
            for (Future<HttpResponse<String>> f : results) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                handedOut.add(r.headers().firstValue("X-Refreshed-Token").orElseThrow());
            }
            assertThat(handedOut).hasSize(1);
            assertThat(Http.get(base, "/orders", handedOut.iterator().next()).statusCode()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cookieModeUnsafeRequestsNeedTheCsrfToken() throws Exception {
        HttpResponse<String> created = exchange(true, "csrf-tester");
        String cookie = "__Host-zt-session=" + cookie(created, "__Host-zt-session") + "; __Host-zt-device="
                + cookie(created, "__Host-zt-device");
        String csrf = (String) StrictJson.parseObject(created.body()).get("csrf_token");
        HttpResponse<String> without = Http.send(Http.request(base, "/orders").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("\"reason\":\"csrf_rejected\"");
        HttpResponse<String> crossSite = Http.send(Http.request(base, "/orders").header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> with = Http.send(Http.request(base, "/orders").header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(with.statusCode()).isEqualTo(200);
    }
}
