package dev.zt.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * zt-filter's HTTP contract on one servlet container, deployed as a user does (filter class and init-params): what
 * every container in the matrix must answer the same way. Each test starts its own container.
 */
abstract class HttpContract {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Container container;
    private int port;
    @TempDir
    Path dir;

    /** A fresh, not yet started container. */
    abstract Container newContainer();

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.stop();
        }
    }

    private Map<String, String> config() throws IOException {
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                TestKeys.RSA.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "*  /admin/**  roles=admin\n*  /mfa/**  acr=mfa\n");
        Map<String, String> params = new HashMap<>();
        params.put("zt.issuer", TestTokens.ISSUER);
        params.put("zt.audience", TestTokens.AUDIENCE);
        params.put("zt.algorithms", "RS256");
        params.put("zt.public-key", "file:" + pem);
        params.put("zt.rules", "file:" + rules);
        return params;
    }

    private void start() throws Exception {
        start(config());
    }

    private void start(Map<String, String> params) throws Exception {
        container = newContainer();
        port = container.start(params);
    }

    private static String token(TestTokens t) {
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    private static TestTokens alice() {
        return TestTokens.valid(Instant.now());
    }

    private HttpRequest.Builder request(String rawPath) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app" + rawPath))
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String rawPath, String bearer) throws Exception {
        HttpRequest.Builder b = request(rawPath);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, Object> body = StrictJson.parseObject(r.body());
        assertThat(body).containsEntry("reason", reason).containsEntry("status", (long) status)
                .containsEntry("type", "urn:dev.zt:reason:" + reason);
        assertThat(r.body()).doesNotContain(ContractServlet.REACHED).doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void theExpectedContainerVersionIsTheOneUnderTest() throws Exception {
        start();
        HttpResponse<String> r = get("/server-info", token(alice()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(System.getProperty("container.expected"));
    }

    @Test
    void noTokenIs401WithABearerChallengeAndTheAppIsNotReached() throws Exception {
        start();
        HttpResponse<String> r = get("/orders", null);
        assertProblem(r, 401, "token_missing");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer realm="));
    }

    @Test
    void badTokensAre401WithTheirReason() throws Exception {
        start();
        String valid = token(alice());
        String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(
                valid.lastIndexOf('.') + 5);
        assertProblem(get("/orders", tampered), 401, "signature_invalid");
        assertProblem(get("/orders", "not-a-token"), 401, "token_malformed");
        assertProblem(get("/orders", token(alice().claim("exp", Instant.now().getEpochSecond() - 3600))), 401,
                "token_expired");
        assertProblem(get("/orders", token(alice().claim("aud", "someone-else"))), 401, "audience_mismatch");
        HttpResponse<String> r = get("/orders", tampered);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void aValidTokenReachesTheAppAsItsSubjectWithItsRoles() throws Exception {
        start();
        HttpResponse<String> user = get("/orders", token(alice()));
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.body()).contains(ContractServlet.REACHED, "user=alice", "admin=false");
        HttpResponse<String> admin = get("/orders", token(alice().claim("roles", List.of("admin"))));
        assertThat(admin.body()).contains("user=alice", "admin=true");
    }

    @Test
    void pathRulesHoldForRolesAndStepUp() throws Exception {
        start();
        assertProblem(get("/admin/users", token(alice())), 403, "insufficient_role");
        assertThat(get("/admin/users", token(alice().claim("roles", List.of("admin")))).statusCode())
                .isEqualTo(200);
        HttpResponse<String> stepUp = get("/mfa/transfer", token(alice().claim("acr", "pwd")));
        assertProblem(stepUp, 401, "step_up_required");
        assertThat(stepUp.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"");
        assertThat(get("/mfa/transfer", token(alice().claim("acr", "mfa"))).statusCode()).isEqualTo(200);
    }

    /**
     * Every spelling of {@code /admin/users} a client can send: the container either refuses it, dispatches it
     * somewhere else, or dispatches it to {@code /admin/users} with zt's admin rule applied. Never the admin page
     * for a user without the role.
     */
    @Test
    void noSpellingOfAProtectedPathReachesItWithoutTheRule() throws Exception {
        start();
        String user = token(alice());
        List<String> spellings = List.of("/admin/users", "/%61dmin/users", "/%61%64%6d%69%6e/users", "/admin%2fusers",
                "/admin%2Fusers", "/./admin/users", "/x/../admin/users", "/x/%2e%2e/admin/users", "//admin/users",
                "/admin//users", "/admin;x=1/users", "/admin/users;jsessionid=1", "/%2e/admin/users",
                "/admin/./users", "/admin%252fusers", "/%c0%afadmin/users", "/admin%00/users", "/admin\\users",
                "/ADMIN/users", "/admin/users/", "/admin%09/users", "/%ef%bc%a1dmin/users");
        for (String s : spellings) {
            Raw r = raw("GET", s, user);
            if (r.status() == 200 && r.body().contains(ContractServlet.REACHED)) {
                assertThat(r.body()).as(s).doesNotContain("path=/admin/");
            } else {
                assertThat(r.status()).as(s + " -> " + r.body()).isBetween(400, 404);
            }
        }
    }

    /** Sends the path bytes as they are (java.net.http would refuse or re-encode some). */
    private Raw raw(String method, String path, String bearer) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " /app" + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + bearer + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return new Raw(Integer.parseInt(response.substring(9, 12)), end < 0 ? "" : response.substring(end + 4));
        }
    }

    /** Status and (possibly chunked) body of a raw HTTP/1.1 response. */
    private record Raw(int status, String body) {
    }

    @Test
    void sessionsInHeaderModeAreIssuedUsedAndLoggedOut() throws Exception {
        start();
        HttpResponse<String> created = send(request("/zt/session").header("Authorization", "Bearer "
                + token(alice())).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String session = (String) StrictJson.parseObject(created.body()).get("session_token");
        assertThat(get("/orders", session).body()).contains(ContractServlet.REACHED, "user=alice");
        HttpResponse<String> logout = send(request("/zt/logout").header("Authorization", "Bearer " + session)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertProblem(get("/orders", session), 401, "session_revoked");
    }

    @Test
    void sessionsInCookieModeNeedTheirCsrfTokenForUnsafeRequests() throws Exception {
        start();
        HttpResponse<String> created = send(request("/zt/session?mode=cookie").header("Authorization", "Bearer "
                + token(alice())).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String session = setCookie(created, "__Host-zt-session");
        assertThat(session).contains("; Secure", "; HttpOnly", "; Path=/").containsIgnoringCase("SameSite=Strict");
        String cookies = "__Host-zt-session=" + value(session) + "; __Host-zt-device="
                + value(setCookie(created, "__Host-zt-device"));
        String csrf = (String) StrictJson.parseObject(created.body()).get("csrf_token");
        assertThat(send(request("/orders").header("Cookie", cookies)).body()).contains("user=alice");
        assertProblem(send(request("/orders").header("Cookie", cookies).POST(HttpRequest.BodyPublishers.noBody())),
                403, "csrf_rejected");
        assertProblem(send(request("/orders").header("Cookie", cookies).header("X-CSRF-Token", "forged")
                .POST(HttpRequest.BodyPublishers.noBody())), 403, "csrf_rejected");
        assertThat(send(request("/orders").header("Cookie", cookies).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody())).body()).contains("method=POST", "user=alice");
        assertThat(send(request("/orders").header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&item=book"))).body())
                .as("an HTML form sends the token as a field").contains("method=POST");
    }

    private static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers().allValues("Set-Cookie")));
    }

    private static String value(String setCookie) {
        int semi = setCookie.indexOf(';');
        return setCookie.substring(setCookie.indexOf('=') + 1, semi < 0 ? setCookie.length() : semi);
    }

    /** Legacy servlets take the writer (or the stream) and write before a refusal surfaces: still zt's answer. */
    @Test
    void aRefusalAfterTheAppWroteIsZtsProblemNotA500() throws Exception {
        start();
        HttpResponse<String> writer = get("/refuse-after-writer", token(alice()));
        assertProblem(writer, 403, "insufficient_scope");
        assertThat(writer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"orders:write\"");
        HttpResponse<String> stream = get("/refuse-after-stream", token(alice()));
        assertProblem(stream, 401, "step_up_required");
    }

    /** A configuration typo fails the deployment closed: nothing reaches the application. */
    @Test
    void aConfigurationTypoKeepsTheApplicationUnreachable() throws Exception {
        Map<String, String> params = config();
        params.put("zt.rolez-claim", "roles");
        start(params);
        for (String path : new String[] {"/orders", "/admin/users", "/server-info"}) {
            HttpResponse<String> r = get(path, token(alice().claim("roles", List.of("admin"))));
            assertThat(r.statusCode()).as(path).isGreaterThanOrEqualTo(400);
            assertThat(r.body()).as(path).doesNotContain(ContractServlet.REACHED).doesNotContain("rolez")
                    .doesNotContain("\tat ");
        }
    }
}
