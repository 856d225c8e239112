package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;
import dev.zt.testing.GeoData;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample on WildFly locating its clients with a real MaxMind-format database (ip-location-db's whois country
 * database, and an ASN database of its real rows) beside the demo CSV: a client the CSV does not know, behind the
 * trusted loopback proxy ({@code X-Forwarded-For}), is found in the database, asked for MFA from its new country, and
 * seen from there with its provider network afterwards.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GeoDatabaseIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** RIPE NCC's website (AS3333, Amsterdam): in no demo range. */
    private static final String RIPE = "193.0.6.139";

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive sampleWithADatabase() throws Exception {
        Path asn = GeoData.asnDatabase(Files.createTempFile("zt-geo-it", ".mmdb"), RIPE);
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "sample-geo.war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        String props = CerbosIT.read(war, "/WEB-INF/classes/zt.properties") + "\n# GeoDatabaseIT (docs/risk.md)\n"
                + "zt.geo.mmdb=file:" + GeoData.whoisCountry() + "\nzt.geo.asn-mmdb=file:" + asn + "\n";
        war.delete("/WEB-INF/classes/zt.properties");
        war.add(new StringAsset(props), "/WEB-INF/classes/zt.properties");
        return war;
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> whoami(String token, String from) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/whoami")).header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", from));
    }

    @Test
    void aClientFromANewCountryFoundInTheDatabaseIsAskedForMfa() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login")).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = field(login.body(), "session_token");
        assertThat(whoami(token, "127.0.0.1").body()).contains("\"country\":\"DE\""); // the demo CSV, learned

        HttpResponse<String> abroad = whoami(token, RIPE);
        assertThat(abroad.statusCode()).isEqualTo(401);
        assertThat(abroad.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_user_authentication", "acr_values=\"mfa\"");

        HttpResponse<String> mfa = send(HttpRequest.newBuilder(uri("/mfa")).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", RIPE).POST(HttpRequest.BodyPublishers.ofString("code="
                        + Totp.code("JBSWY3DPEHPK3PXP", Instant.now()))));
        assertThat(mfa.statusCode()).as(mfa.body()).isEqualTo(200);
        HttpResponse<String> there = whoami(field(mfa.body(), "session_token"), RIPE);
        assertThat(there.statusCode()).as(there.body()).isEqualTo(200);
        assertThat(there.body()).contains("\"country\":\"NL\"");
    }
}
