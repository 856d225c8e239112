package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's walk-through, on the sample.war the build produced, deployed to WildFly. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SampleIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive sample() {
        return ShrinkWrap.create(ZipImporter.class, "sample.war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token, String from) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
        if (from != null) {
            b.header("X-Forwarded-For", from);
        }
        return send(b);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login")).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "-password")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return field(r.body(), "session_token");
    }

    @Test
    void walkThrough() throws Exception {
        String token = login("alice");
        HttpResponse<String> whoami = get("/api/whoami", token, null);
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"sub\":\"alice\"", "\"acr\":\"pwd\"", "session_expires_at");
        assertThat(get("/api/ping", token, null).body()).as("the protected twin of /api/health").isEqualTo("ok");

        HttpResponse<String> admin = get("/api/admin/stats", token, null);
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("\"reason\":\"insufficient_role\"");
        assertThat(get("/api/admin/audit", token, null).statusCode()).isEqualTo(403);

        assertThat(get("/api/reports/pull", token, null).body()).contains("urn:zt:service:sample-reports");
        assertThat(get("/api/internal/report", token, null).statusCode()).isEqualTo(403);

        HttpResponse<String> abroad = get("/api/whoami", token, "198.51.100.7");
        assertThat(abroad.statusCode()).isEqualTo(401);
        assertThat(abroad.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_user_authentication", "acr_values=\"mfa\"");

        String code = Totp.code("JBSWY3DPEHPK3PXP", Instant.now());
        HttpResponse<String> mfa = send(HttpRequest.newBuilder(uri("/mfa")).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "198.51.100.7").POST(HttpRequest.BodyPublishers.ofString("code=" + code)));
        assertThat(mfa.statusCode()).as(mfa.body()).isEqualTo(200);
        token = field(mfa.body(), "session_token");
        assertThat(get("/api/whoami", token, "198.51.100.7").body()).contains("\"acr\":\"mfa\"", "\"country\":\"FR\"");
        HttpResponse<String> transfer = send(HttpRequest.newBuilder(uri("/api/transfers"))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", "198.51.100.7")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"amount\":100}")));
        assertThat(transfer.statusCode()).as(transfer.body()).isEqualTo(200);

        HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/zt/logout"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(get("/api/whoami", token, "198.51.100.7").body()).contains("session_revoked");
    }

    @Test
    void healthIsPublicWhilePingOnTheSameResourceNeedsAToken() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/api/health")));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        assertThat(send(HttpRequest.newBuilder(uri("/api/ping"))).statusCode()).isEqualTo(401);
    }

    @Test
    void adminSeesStatsAndTheEjbAudit() throws Exception {
        String token = login("bob");
        assertThat(get("/api/admin/stats", token, null).statusCode()).isEqualTo(200);
        assertThat(get("/api/admin/audit", token, null).body()).contains("read by bob");
    }

    @Test
    void burstRevokesTheSession() throws Exception {
        String token = login("bob");
        HttpResponse<String> last = null;
        for (int i = 0; i < 60 && (last == null || last.statusCode() != 401); i++) {
            last = get("/api/whoami", token, "192.0.2.44");
        }
        assertThat(last.statusCode()).isEqualTo(401);
        assertThat(last.body()).contains("session_revoked");
    }

    @Test
    void blockedCountryIsDeniedByTheApplicationsOwnCheck() throws Exception {
        HttpResponse<String> r = get("/api/orders", login("alice"), "2001:db8::7");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"reason\":\"risk_denied\"").as("which signal fired is for the audit log only")
                .doesNotContain("country_blocked");
    }

    @Test
    void browsersAreSentToLoginAndToMfa() throws Exception {
        HttpResponse<String> home = send(HttpRequest.newBuilder(uri("/")).header("Accept", "text/html"));
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).contains("/sample/login?return=");
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(uri("/api/whoami")));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt-sample\", DPoP realm=\"zt-sample\", algs=\"");
    }
}
