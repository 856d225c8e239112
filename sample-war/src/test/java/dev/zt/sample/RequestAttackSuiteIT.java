package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.keys.SigningKeys;
import dev.zt.testing.Json;
import dev.zt.testing.Signer;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * The request around the token, attacked over HTTP on the sample deployed to WildFly: path spellings against the
 * MFA-only transfer and the admin API, methods, headers, CSRF, proxy headers, sessions, step-up and login guessing,
 * and requests built to cost CPU or memory. Nothing may be walked around, and nothing may answer 500.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RequestAttackSuiteIT {

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

    /** A request line and headers byte for byte (paths an HTTP client would refuse or normalise). */
    private String raw(String requestLine, String... headers) throws Exception {
        return rawWithBody(requestLine, "", headers);
    }

    private String rawWithBody(String requestLine, String body, String... headers) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder(requestLine).append("\r\nHost: ").append(base.getHost()).append(':')
                    .append(base.getPort()).append("\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("\r\n").append(body);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int status(String raw) {
        return Integer.parseInt(raw.substring(9, 12));
    }

    private static final String[] TRANSFER_SPELLINGS = {"/sample/transfer", "/sample/%74ransfer",
        "/sample/%54ransfer", "/sample/tr%61nsfer", "/sample/transfe%72", "/sample/%74%72%61%6e%73%66%65%72",
        "/sample/%74%72%61%6E%73%66%65%72", "/%73ample/transfer", "/%73ample/%74ransfer", "/sample/transfer/",
        "/sample/%74ransfer/", "/sample/transfer;jsessionid=x", "/sample/%74ransfer;jsessionid=x",
        "/sample/transfer;x=1", "/sample/transfer;", "/sample/transfer%2f", "/sample/transfer%2F", "/sample//transfer",
        "/sample/./transfer", "/sample/%2e/transfer", "/sample/x/../transfer", "/sample/x/%2e%2e/transfer",
        "/sample/x/..%2ftransfer", "/sample/%c0%aftransfer", "/sample/%e0%80%aftransfer", "/sample/%c1%b4ransfer",
        "/sample/transfer%00", "/sample/%2574ransfer", "/sample/transfer%20", "/sample/transfer%09",
        "/sample/transfer%c2%a0", "/sample/%e2%80%8btransfer", "/sample/%ef%bb%bftransfer", "/sample/TRANSFER",
        "/sample/Transfer", "/sample/transfer.", "/sample/transfer~", "/sample/transfer%5c", "/sample/%5ctransfer",
        "/sample/transfer\\", "/sample/%u0074ransfer", "/sample/%7", "/sample/%zz", "/sample/transfer?", "/sample/transfer#x",
        "/sample/transfer/..", "/sample/transfer/.", "/sample/;/transfer", "/sample/transfer/;jsessionid=x",
        "/sample/%ed%a0%80", "/sample/%ff", "/sample/transfer%3b", "/sample/transfer%3f"};

    @Test
    void noSpellingOfTheMfaOnlyTransferCompletesItWithAPasswordSession() throws Exception {
        String token = login("alice");
        List<String> failures = new ArrayList<>();
        for (String path : TRANSFER_SPELLINGS) {
            String r = rawWithBody("POST " + path + " HTTP/1.1", "amount=999", "Authorization: Bearer " + token,
                    "Content-Type: application/x-www-form-urlencoded", "Content-Length: 10");
            int s = status(r);
            boolean ok = s != 200 && s != 500 && !r.contains("done") && !r.contains("Exception");
            if (s == 401) {
                ok &= r.contains("\"reason\":\"step_up_required\"");
            }
            if (!ok) {
                failures.add(path + " -> " + r.lines().findFirst().orElse("") + " " + r.replaceAll("(?s).*\r\n\r\n",
                        ""));
            }
        }
        assertThat(failures).as("spellings walking around acr=mfa, or answering 500").isEmpty();
    }

    @Test
    void noSpellingOfTheAdminApiAnswersANonAdmin() throws Exception {
        String token = login("alice");
        List<String> failures = new ArrayList<>();
        for (String path : new String[] {"/sample/api/admin/stats", "/sample/api/%61dmin/stats",
            "/sample/api/admin/%73tats", "/sample/%61pi/admin/stats", "/sample/api/admin/stats/",
            "/sample/api//admin/stats", "/sample/api/admin/./stats", "/sample/api/x/../admin/stats",
            "/sample/api/admin/stats;x", "/sample/api/ADMIN/stats", "/sample/api/admin/stats%20",
            "/sample/api/admin%2fstats", "/sample/api/admin/stats.json", "/sample/api/admin/stats%00"}) {
            String r = raw("GET " + path + " HTTP/1.1", "Authorization: Bearer " + token);
            if (status(r) == 200 || status(r) == 500) {
                failures.add(path + " -> " + r.lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void oddMethodsAndHeadersAreRefusedNeverServed() throws Exception {
        String token = login("alice");
        for (String method : new String[] {"TRACE", "CONNECT", "PROPFIND", "get", "MOVE", "FOO"}) {
            String r = raw(method + " /sample/api/whoami HTTP/1.1", "Authorization: Bearer " + token);
            assertThat(status(r)).as(method).isIn(400, 405, 501);
            assertThat(r).doesNotContain("\"sub\":\"alice\"");
        }
        assertThat(status(raw("GET /sample/api/whoami HTTP/1.1", "Authorization: Bearer " + token,
                "Authorization: Bearer " + token))).as("two Authorization headers").isEqualTo(400);
        assertThat(status(raw("GET /sample/api/whoami HTTP/1.1", "Authorization: Bearer  " + token + " x")))
                .isIn(400, 401);
        String huge = raw("GET /sample/api/whoami HTTP/1.1", "Authorization: Bearer " + "a".repeat(20_000));
        assertThat(status(huge)).isIn(400, 401, 431);
        assertThat(huge).doesNotContain("Exception");
    }

    @Test
    void aClientCannotChooseItsAddressWithTheHeaderTheProxyDoesNotWrite() throws Exception {
        String token = login("bob");
        // the sample trusts 127.0.0.1 as a proxy that appends X-Forwarded-For; 2001:db8::/32 is a blocked country
        HttpResponse<String> forwarded = send(HttpRequest.newBuilder(uri("/api/whoami"))
                .header("Authorization", "Bearer " + token).header("Forwarded", "for=\"[2001:db8::7]\""));
        assertThat(forwarded.statusCode()).as("a client's Forwarded header is never read").isEqualTo(200);
        HttpResponse<String> both = send(HttpRequest.newBuilder(uri("/api/whoami"))
                .header("Authorization", "Bearer " + token).header("Forwarded", "for=192.0.2.1")
                .header("X-Forwarded-For", "198.51.100.7"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("request_rejected");
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/api/whoami"))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", "unknown"));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).as("an unparsable hop is an unknown client, never the proxy")
                .contains("\"client\":\"unknown\"");
        HttpResponse<String> blocked = send(HttpRequest.newBuilder(uri("/api/whoami"))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", "2001:db8::7"));
        assertThat(blocked.statusCode()).as("the header the proxy writes is believed").isEqualTo(403);
    }

    @Test
    void browserSessionsNeedTheirDeviceAndCsrfTokensComeFromTheBodyOnly() throws Exception {
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password")));
        assertThat(signIn.statusCode()).isEqualTo(302);
        String session = cookie(signIn, "__Host-zt-session");
        String csrf = cookie(signIn, "__Host-zt-csrf");
        HttpResponse<String> home = send(HttpRequest.newBuilder(uri("/home")).header("Cookie",
                "__Host-zt-session=" + session));
        assertThat(home.statusCode()).as("first use from a browser binds the session to it").isEqualTo(200);
        String device = cookie(home, "__Host-zt-device");
        assertThat(device).isNotNull();
        String jar = "__Host-zt-session=" + session + "; __Host-zt-device=" + device;
        assertThat(send(HttpRequest.newBuilder(uri("/home")).header("Cookie", jar)).statusCode()).isEqualTo(200);
        for (String stolen : new String[] {"__Host-zt-session=" + session, "__Host-zt-session=" + session
                + "; __Host-zt-device=forged.AAAA", "__Host-zt-session=" + session + "; __Host-zt-device=" + device
                + "; __Host-zt-device=other"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/whoami")).header("Cookie", stolen));
            assertThat(r.statusCode()).as("a stolen session cookie without its device: " + stolen).isEqualTo(401);
            assertThat(r.body()).contains("step_up_required");
        }
        HttpResponse<String> inQuery = send(HttpRequest.newBuilder(uri("/zt/logout?_csrf=" + csrf))
                .header("Cookie", jar).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")));
        assertThat(inQuery.statusCode()).as("a CSRF token in the URL never counts").isEqualTo(403);
        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri("/zt/logout")).header("Cookie", jar)
                .header("Sec-Fetch-Site", "cross-site").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        StringBuilder many = new StringBuilder("_csrf=" + csrf);
        for (int i = 0; i < 1500; i++) {
            many.append("&f").append(i).append("=1");
        }
        HttpResponse<String> huge = send(HttpRequest.newBuilder(uri("/zt/logout")).header("Cookie", jar)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(many.toString())));
        assertThat(huge.statusCode()).as("a form of 1,500 fields is a bad request, not zt_unavailable").isEqualTo(400);
        HttpResponse<String> signOut = send(HttpRequest.newBuilder(uri("/zt/logout")).header("Cookie", jar)
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)));
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(send(HttpRequest.newBuilder(uri("/api/whoami")).header("Cookie", jar)).body())
                .contains("session_revoked");
    }

    @Test
    void serviceTokensMintNoUsersAndNoSessions() throws Exception {
        SigningKeys service = SigningKeys.load("classpath:demo-keys/service.key", getClass().getClassLoader());
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", "urn:zt:service:sample-reports");
        claims.put("sub", "bob");
        claims.put("aud", "sample-internal");
        claims.put("roles", List.of("admin"));
        claims.put("acr", "mfa");
        claims.put("iat", now);
        claims.put("exp", now + 60);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("kid", service.verificationKey().keyIdOrNull());
        String asBob = Signer.compact(Json.write(header), Json.write(claims), "ES256", service.privateKey());
        HttpResponse<String> admin = send(HttpRequest.newBuilder(uri("/api/admin/audit"))
                .header("Authorization", "Bearer " + asBob));
        assertThat(admin.statusCode()).as("a service minting bob the admin").isEqualTo(401);
        assertThat(admin.body()).contains("claim_invalid");
        claims.put("sub", "urn:zt:service:sample-reports");
        String own = Signer.compact(Json.write(header), Json.write(claims), "ES256", service.privateKey());
        assertThat(send(HttpRequest.newBuilder(uri("/api/admin/audit")).header("Authorization", "Bearer " + own))
                .statusCode()).as("its roles are not believed: EJB @RolesAllowed refuses too").isEqualTo(403);
        HttpResponse<String> exchange = send(HttpRequest.newBuilder(uri("/zt/session"))
                .header("Authorization", "Bearer " + own).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(exchange.statusCode()).as("no user session from a service token").isEqualTo(400);
    }

    @Test
    void tokensAndFormsBuiltToCostCpuAreRefusedCheaply() throws Exception {
        SigningKeys service = SigningKeys.load("classpath:demo-keys/service.key", getClass().getClassLoader());
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"urn:zt:service:sample-reports\",\"sub\":\"urn:zt:service:sample-reports\","
                + "\"aud\":\"sample-internal\",\"iat\":" + now + ",\"exp\":" + (now + 60) + ",\"nbf\":1e-20000000}";
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + service.verificationKey().keyIdOrNull() + "\"}";
        String token = Signer.compact(header, claims, "ES256", service.privateKey());
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/internal/report"))
                .header("Authorization", "Bearer " + token));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("token_malformed");
        String arabicDigits = ",\"k\\u\u0660\u0660\u0663\u0661\":1"; // backslash-u, then four Arabic-Indic digits
        String escaped = Signer.compact(header, claims.replace(",\"nbf\":1e-20000000", arabicDigits), "ES256",
                service.privateKey());
        assertThat(send(HttpRequest.newBuilder(uri("/api/internal/report")).header("Authorization", "Bearer "
                + escaped)).statusCode()).as("non-ASCII digits in a unicode escape").isEqualTo(401);
    }

    @Test
    void everyRefusalBodyIsGenericAndNothingAnswers500() throws Exception {
        String token = login("bob");
        HttpResponse<String> blocked = send(HttpRequest.newBuilder(uri("/api/whoami"))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", "2001:db8::7"));
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.body()).contains("risk_denied").doesNotContain("country_blocked");
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
