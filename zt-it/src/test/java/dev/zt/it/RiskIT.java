package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.it.risk.BlockedCountryCheck;
import dev.zt.it.risk.EeContextCheck;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The risk engine end to end on WildFly: first country allowed, another country asks for step-up (401
 * insufficient_user_authentication), step-up completes it (200); a burst revokes the session; the application's
 * own check, registered through META-INF/services in the WAR, changes the decision.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RiskIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Wars.war("risk")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.trusted-proxies", "127.0.0.1")
                .param("zt.geo.cidr-file", "classpath:geo.csv")
                .param("zt.risk.rate.max-per-minute", "20")
                .param("zt.risk.rate.revoke-per-minute", "25")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .resource("geo.csv", "192.0.2.0/24,DE,52.52,13.40\n198.51.100.0/24,FR,48.85,2.35\n"
                        + "203.0.113.0/24,US,40.71,-74.01\n")
                .servlet(EchoServlet.class, "/*")
                .build();
        war.addClass(BlockedCountryCheck.class).addClass(EeContextCheck.class);
        war.addAsResource(new StringAsset(BlockedCountryCheck.class.getName() + "\n" + EeContextCheck.class.getName()
                + "\n"),
                "META-INF/services/dev.zt.spi.risk.RiskCheck");
        return war;
    }

    private HttpResponse<String> exchange(TestTokens token, String from, String cookie) throws Exception {
        HttpRequest.Builder b = Http.request(base, "/zt/session?mode=cookie").header("Authorization", "Bearer "
                + token.sign("RS256", ItKeys.IDP.getPrivate())).header("X-Forwarded-For", from);
        if (cookie != null) {
            b.header("Cookie", jar(cookie));
        }
        return Http.send(b.POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The browser's device cookie (cookie-mode sessions are bound to it). */
    private String device;

    private String jar(String session) {
        return "__Host-zt-session=" + session + (device == null ? "" : "; __Host-zt-device=" + device);
    }

    private HttpResponse<String> get(String cookie, String from) throws Exception {
        return Http.send(Http.request(base, "/orders").header("Cookie", jar(cookie))
                .header("X-Forwarded-For", from));
    }

    private String cookie(HttpResponse<String> r) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith("__Host-zt-device=")) {
                device = c.substring("__Host-zt-device=".length(), c.indexOf(';'));
            }
        }
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith("__Host-zt-session=")) {
                return c.substring("__Host-zt-session=".length(), c.indexOf(';'));
            }
        }
        throw new AssertionError("no session cookie in " + r.headers().map());
    }

    @Test
    void newCountryAsksForStepUpAndPassesAfterIt() throws Exception {
        TestTokens user = TestTokens.valid(Instant.now()).claim("sub", "traveller");
        String session = cookie(exchange(user, "192.0.2.10", null));
        assertThat(get(session, "192.0.2.10").statusCode()).isEqualTo(200);
        HttpResponse<String> abroad = get(session, "198.51.100.20");
        assertThat(abroad.statusCode()).isEqualTo(401);
        assertThat(abroad.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"");
        TestTokens mfa = TestTokens.valid(Instant.now()).claim("sub", "traveller").claim("acr", "mfa")
                .claim("auth_time", Instant.now().getEpochSecond());
        HttpResponse<String> stepUp = exchange(mfa, "198.51.100.20", session);
        assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(200);
        assertThat(StrictJson.parseObject(stepUp.body())).containsKey("csrf_token").doesNotContainKey("session_token");
        HttpResponse<String> after = get(cookie(stepUp), "198.51.100.20");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    @Test
    void burstRevokesTheSession() throws Exception {
        String session = cookie(exchange(TestTokens.valid(Instant.now()).claim("sub", "bursty"), "192.0.2.11",
                null));
        HttpResponse<String> last = null;
        for (int i = 0; i < 30; i++) {
            last = get(session, "192.0.2.11");
            if (last.statusCode() == 401) {
                break;
            }
        }
        assertThat(last.statusCode()).isEqualTo(401);
        assertThat(last.body()).contains("\"reason\":\"session_revoked\"");
        assertThat(get(session, "192.0.2.11").body()).contains("\"reason\":\"session_revoked\"");
    }

    @Test
    void applicationsOwnCheckFromMetaInfServicesDenies() throws Exception {
        String token = TestTokens.valid(Instant.now()).claim("sub", "visitor").sign("RS256",
                ItKeys.IDP.getPrivate());
        HttpResponse<String> blocked = Http.send(Http.request(base, "/orders").header("Authorization", "Bearer "
                + token).header("X-Forwarded-For", "203.0.113.7"));
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.body()).contains("\"reason\":\"risk_denied\"").as("the signal is for the audit log only")
                .doesNotContain("country_blocked");
    }

    @Test
    void blockingChecksRunOnTheServersManagedExecutorWithTheApplicationsContext() throws Exception {
        String token = TestTokens.valid(Instant.now()).claim("sub", "context").sign("RS256", ItKeys.IDP.getPrivate());
        HttpResponse<String> r = Http.send(Http.request(base, "/ee-context").header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", "192.0.2.30"));
        assertThat(r.statusCode()).as("java:comp is visible to the check: it ran on the managed executor")
                .isEqualTo(200);
    }
}
