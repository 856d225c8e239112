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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions and credentials abused over HTTP on the sample deployed to WildFly: one user creating sessions without end,
 * guessing passwords and TOTP codes, replaying a code. Ordered, because the locks these tests provoke last minutes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionAbuseIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

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

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> loginJson(String user, String password) throws Exception {
        return send(HttpRequest.newBuilder(uri("/login")).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = loginJson(user, user + "-password");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return field(r.body(), "session_token");
    }

    @Test
    @Order(1)
    void oneUserCannotFillTheSessionStoreNorCreateSessionsWithoutLimit() throws Exception {
        List<String> sessions = new ArrayList<>();
        int limited = 0;
        for (int i = 0; i < 15; i++) {
            HttpResponse<String> r = loginJson("bob", "bob-password");
            assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
            if (r.statusCode() == 429) {
                limited++;
                assertThat(r.body()).contains("rate_limited");
                assertThat(r.headers().firstValue("Retry-After")).contains("60");
            } else {
                sessions.add(field(r.body(), "session_token"));
            }
        }
        assertThat(limited).as("10 sessions a minute per subject").isEqualTo(5);
        assertThat(login("alice")).as("another user still signs in").isNotEmpty();
    }

    @Test
    @Order(2)
    void passwordAndTotpGuessingIsLockedAndACodeWorksOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(loginJson("bob", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = loginJson("bob", "bob-password");
        assertThat(locked.statusCode()).as("locked, even with the right password").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();

        String token = login("alice");
        String code = Totp.code("JBSWY3DPEHPK3PXP", Instant.now());
        HttpResponse<String> first = mfa(token, code);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String stepped = field(first.body(), "session_token");
        HttpResponse<String> replay = mfa(stepped, code);
        assertThat(replay.statusCode()).as("the same code again").isEqualTo(401);
        assertThat(replay.body()).contains("invalid_code");

        String thief = login("alice");
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(mfa(thief, "000000".equals(code) ? "111111" : "000000").statusCode());
        }
        assertThat(answers).as("wrong codes until the lock, then the session is gone").startsWith(401).contains(429)
                .doesNotContain(200, 500);
        assertThat(send(HttpRequest.newBuilder(uri("/api/whoami")).header("Authorization", "Bearer " + thief))
                .body()).as("a session guessing codes is revoked").contains("session_revoked");
    }

    private HttpResponse<String> mfa(String token, String code) throws Exception {
        return send(HttpRequest.newBuilder(uri("/mfa")).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=" + code)));
    }

}
