package dev.zt.sample;

import dev.zt.internal.json.StrictJson;
import dev.zt.sample.idp.Totp;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Keycloak for the tests: the {@code keycloak-quarkus-dist} the build unpacked ({@code zt.keycloak.home}),
 * started in dev mode on 127.0.0.1 with Java 21 or later ({@code zt.keycloak.java-home}), provisioned only through its
 * admin REST API, and driven like a user would: password grant, authorization code with PKCE through the HTML login
 * pages (password, then a one-time code when {@code acr_values=mfa} asks for it), and logout.
 *
 * <p>The realm ({@code keycloak/zt-it-realm.json}): ACR-to-LoA map {@code pwd}=1, {@code mfa}=2 and a browser flow
 * whose level-2 branch asks for the OTP. Clients: {@code zt-sample} (public, PKCE, audience mapper adding
 * {@code zt-sample-api}, back-channel logout to the sample) and {@code zt-sample-short} (the same, 5-second access
 * tokens). Optional client scope {@code orders:read}; realm role {@code admin}.
 */
final class Keycloak implements AutoCloseable {

    static final String REALM = "zt-it";
    static final String CLIENT = "zt-sample";
    static final String SHORT_CLIENT = "zt-sample-short";
    static final String API_AUDIENCE = "zt-sample-api";
    static final String REDIRECT = "http://127.0.0.1/callback";
    /** The confidential client zt logs the sample's browsers in with (browser login, docs/oidc-login.md). */
    static final String WEB_CLIENT = "zt-web";
    /** The confidential client of the legacy WAR (no back-channel logout: the provider-session check ends sessions). */
    static final String LEGACY_CLIENT = "zt-legacy";
    static final String WEB_CLIENT_SECRET = "zt-web-client-secret-for-tests";
    /** The OTP secret of users with a second factor: Keycloak keys HMAC with these bytes (RFC 6238's test secret). */
    static final String OTP_SECRET = "12345678901234567890";
    /** {@link #OTP_SECRET} in base32, as an authenticator app (and the sample's {@code Totp}) takes it. */
    static final String OTP_SECRET_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "zt-it-admin-password";
    private static final Pattern FORM = Pattern.compile("<form[^>]*\\sid=\"(kc-form-login|kc-otp-login-form)\"[^>]*");
    private static final Pattern ACTION = Pattern.compile("\\saction=\"([^\"]+)\"");

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final String base;

    private Keycloak(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it answers (at most 3 minutes: the first start builds the distribution). */
    static Keycloak start() throws Exception {
        return start(new String[0]);
    }

    /** Starts the server with further options (features, SPI settings). */
    static Keycloak start(String... options) throws Exception {
        Path home = Path.of(required("zt.keycloak.home"));
        Path javaHome = Path.of(required("zt.keycloak.java-home"));
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            throw new IllegalStateException("Keycloak needs Java 21 or later; no java in " + javaHome
                    + " (set -Dzt.keycloak.java-home)");
        }
        int port = freePort();
        Path log = home.resolveSibling("keycloak.log");
        deleteTree(home.resolve("data")); // a fresh dev database, with this run's admin (keycloak-demo.sh has its own)
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + Integer.toString(port), "--http-management-port="
                        + freePort()));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Keycloak kc = new Keycloak(pb.start(), log, port);
        try {
            kc.awaitReady(Duration.ofMinutes(3));
        } catch (Exception e) {
            kc.close();
            throw e;
        }
        return kc;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the sample-war build sets"
                    + " it for Failsafe)");
        }
        return v;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration limit) throws Exception {
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get(base + "/realms/master/.well-known/openid-configuration", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak did not answer within " + limit + "; see " + log);
    }

    /** The realm's issuer ({@code iss} of its tokens). */
    String issuer() {
        return base + "/realms/" + REALM;
    }

    private String oidc() {
        return issuer() + "/protocol/openid-connect";
    }

    // ---- provisioning through the admin REST API ----

    private String adminToken() throws Exception {
        HttpResponse<String> r = postForm(base + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD));
        return string(r, "access_token");
    }

    /**
     * Creates the realm (replacing one left by an earlier run), its clients, scope, role and users. The back-channel
     * logout of both clients goes to {@code backChannelLogoutUrl}.
     */
    void provision(String backChannelLogoutUrl) throws Exception {
        String admin = adminToken();
        String realmUrl = base + "/admin/realms/" + REALM;
        admin("DELETE", realmUrl, admin, null, 204, 404);
        String realm;
        try (InputStream in = Keycloak.class.getResourceAsStream("/keycloak/zt-it-realm.json")) {
            realm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        admin("POST", base + "/admin/realms", admin, realm, 201);

        String scope = location(admin("POST", realmUrl + "/client-scopes", admin, "{\"name\":\"orders:read\","
                + "\"protocol\":\"openid-connect\",\"attributes\":{\"include.in.token.scope\":\"true\","
                + "\"display.on.consent.screen\":\"false\"}}", 201));
        for (String client : List.of(CLIENT, SHORT_CLIENT)) {
            String lifespan = client.equals(SHORT_CLIENT) ? ",\"access.token.lifespan\":\"5\"" : "";
            String id = location(admin("POST", realmUrl + "/clients", admin, "{\"clientId\":\"" + client + "\","
                    + "\"publicClient\":true,\"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":true,"
                    + "\"redirectUris\":[\"" + REDIRECT + "\"],\"attributes\":{\"pkce.code.challenge.method\":\"S256\","
                    + "\"backchannel.logout.url\":\"" + backChannelLogoutUrl + "\","
                    + "\"backchannel.logout.session.required\":\"true\"" + lifespan + "},"
                    + "\"protocolMappers\":[{\"name\":\"zt audience\",\"protocol\":\"openid-connect\","
                    + "\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{\"included.custom.audience\":\""
                    + API_AUDIENCE + "\",\"access.token.claim\":\"true\",\"id.token.claim\":\"false\"}}]}", 201));
            admin("PUT", realmUrl + "/clients/" + id + "/optional-client-scopes/" + scope, admin, null, 204);
        }
        admin("POST", realmUrl + "/roles", admin, "{\"name\":\"admin\"}", 201);
        String adminRole = admin("GET", realmUrl + "/roles/admin", admin, null, 200).body();

        user(admin, realmUrl, "dave", false, null);
        user(admin, realmUrl, "erin", false, adminRole);
        user(admin, realmUrl, "carol", true, null);
        user(admin, realmUrl, "frank", true, null);
        user(admin, realmUrl, "gina", false, null);
        user(admin, realmUrl, "hana", true, null);
    }

    /**
     * Adds the confidential client zt logs browsers in with ({@link #WEB_CLIENT_SECRET} its secret): standard flow with
     * PKCE S256, the given redirect and post-logout redirect URIs, back-channel logout to {@code backChannelLogoutUrl}
     * (none when null), and the API audience in its access tokens.
     */
    void webClient(String clientId, String redirectUri, String postLogoutRedirectUri, String backChannelLogoutUrl)
            throws Exception {
        String admin = adminToken();
        String realmUrl = base + "/admin/realms/" + REALM;
        String backChannel = backChannelLogoutUrl == null ? "" : ",\"backchannel.logout.url\":\"" + backChannelLogoutUrl
                + "\",\"backchannel.logout.session.required\":\"true\"";
        admin("POST", realmUrl + "/clients", admin, "{\"clientId\":\"" + clientId + "\",\"publicClient\":false,"
                + "\"secret\":\"" + WEB_CLIENT_SECRET + "\",\"clientAuthenticatorType\":\"client-secret\","
                + "\"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":false,"
                + "\"redirectUris\":[\"" + redirectUri + "\"],\"attributes\":{\"pkce.code.challenge.method\":\"S256\","
                + "\"post.logout.redirect.uris\":\"" + postLogoutRedirectUri + "\"" + backChannel + "},"
                + "\"protocolMappers\":[{\"name\":\"zt audience\",\"protocol\":\"openid-connect\","
                + "\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{\"included.custom.audience\":\""
                + API_AUDIENCE + "\",\"access.token.claim\":\"true\",\"id.token.claim\":\"false\"}}]}", 201);
    }

    /**
     * Adds a Shared Signals receiver client for zt (the realm's transmitter is on: {@code ssf.transmitterEnabled} in
     * {@code zt-it-realm.json}, which matters only when Keycloak runs with {@code --features=ssf}) ({@code ssf.enabled}, every
     * user a default subject, the stream audience zt expects, the SSF scopes, a service account for the client
     * credentials grant); {@code validPushUrls} (for push delivery) is the pattern of zt's push endpoint.
     */
    void ssfReceiver(String clientId, String secret, String audience, String validPushUrls) throws Exception {
        String admin = adminToken();
        String realmUrl = base + "/admin/realms/" + REALM;
        String id = location(admin("POST", realmUrl + "/clients", admin, "{\"clientId\":\"" + clientId + "\","
                + "\"publicClient\":false,\"secret\":\"" + secret + "\",\"serviceAccountsEnabled\":true,"
                + "\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false,\"attributes\":{"
                + "\"ssf.enabled\":\"true\",\"ssf.defaultSubjects\":\"ALL\",\"ssf.streamAudience\":\"" + audience
                + "\"" + (validPushUrls == null ? "" : ",\"ssf.validPushUrls\":\"" + validPushUrls + "\"") + "}}", 201));
        String scopes = admin("GET", realmUrl + "/client-scopes", admin, null, 200).body();
        for (String scope : List.of("ssf.read", "ssf.manage")) {
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"name\"\\s*:\\s*\"" + Pattern.quote(scope)
                    + "\"").matcher(scopes);
            if (!m.find()) {
                throw new IllegalStateException("Keycloak has no client scope " + scope + " (is the ssf feature on?)");
            }
            admin("PUT", realmUrl + "/clients/" + id + "/optional-client-scopes/" + m.group(1), admin, null, 204);
        }
    }

    /**
     * Makes the realm an OpenID AuthZEN PDP for zt (Keycloak's experimental {@code authzen} feature decides with its
     * Authorization Services): a confidential client {@code clientId} with a service account (zt asks with a token of
     * its client credentials grant) whose resource server holds each order of {@code owners} (order id to the one
     * user who may {@code approve} and {@code cancel} it) as a resource of type {@code order} with those scopes, and a
     * user policy per owner.
     */
    void authzenPdp(String clientId, String secret, Map<String, String> owners) throws Exception {
        String admin = adminToken();
        String realmUrl = base + "/admin/realms/" + REALM;
        String id = location(admin("POST", realmUrl + "/clients", admin, "{\"clientId\":\"" + clientId + "\","
                + "\"publicClient\":false,\"secret\":\"" + secret + "\",\"serviceAccountsEnabled\":true,"
                + "\"authorizationServicesEnabled\":true,\"standardFlowEnabled\":false,"
                + "\"directAccessGrantsEnabled\":false}", 201));
        String server = realmUrl + "/clients/" + id + "/authz/resource-server";
        for (String scope : List.of("approve", "cancel")) {
            admin("POST", server + "/scope", admin, "{\"name\":\"" + scope + "\"}", 201);
        }
        for (Map.Entry<String, String> order : owners.entrySet()) {
            String policy = "only " + order.getValue() + " for " + order.getKey();
            admin("POST", server + "/resource", admin, "{\"name\":\"" + order.getKey() + "\",\"type\":\"order\","
                    + "\"scopes\":[{\"name\":\"approve\"},{\"name\":\"cancel\"}]}", 201);
            admin("POST", server + "/policy/user", admin, "{\"name\":\"" + policy + "\",\"users\":[\""
                    + order.getValue() + "\"],\"logic\":\"POSITIVE\"}", 201);
            admin("POST", server + "/permission/scope", admin, "{\"name\":\"" + order.getKey() + " by its owner\","
                    + "\"resources\":[\"" + order.getKey() + "\"],\"scopes\":[\"approve\",\"cancel\"],"
                    + "\"policies\":[\"" + policy + "\"],\"decisionStrategy\":\"UNANIMOUS\"}", 201);
        }
    }

    /** An administrator resets the user's password (Keycloak's transmitter sends credential-change). */
    void resetPassword(String user, String password) throws Exception {
        String admin = adminToken();
        admin("PUT", base + "/admin/realms/" + REALM + "/users/" + userId(admin, user) + "/reset-password", admin,
                "{\"type\":\"password\",\"value\":\"" + password + "\",\"temporary\":false}", 204);
    }

    /** An administrator logs the user out of every Keycloak session (Keycloak then calls back-channel logout). */
    void adminLogout(String user) throws Exception {
        String admin = adminToken();
        admin("POST", base + "/admin/realms/" + REALM + "/users/" + userId(admin, user) + "/logout", admin, null, 204);
    }

    /** An administrator disables the user (their sessions are not logged out: no back-channel logout is sent). */
    void disable(String user) throws Exception {
        String admin = adminToken();
        admin("PUT", base + "/admin/realms/" + REALM + "/users/" + userId(admin, user), admin, "{\"enabled\":false}",
                204);
    }

    private String userId(String admin, String user) throws Exception {
        String found = admin("GET", base + "/admin/realms/" + REALM + "/users?exact=true&username=" + user, admin, null,
                200).body();
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(found);
        if (!id.find()) {
            throw new IllegalStateException("no user " + user);
        }
        return id.group(1);
    }

    private void user(String admin, String realmUrl, String name, boolean otp, String realmRole) throws Exception {
        String otpCredential = otp ? ",{\"type\":\"otp\",\"userLabel\":\"phone\",\"secretData\":\"{\\\"value\\\":\\\""
                + OTP_SECRET + "\\\"}\",\"credentialData\":\"{\\\"subType\\\":\\\"totp\\\",\\\"digits\\\":6,"
                + "\\\"period\\\":30,\\\"algorithm\\\":\\\"HmacSHA1\\\",\\\"counter\\\":0}\"}" : "";
        String id = location(admin("POST", realmUrl + "/users", admin, "{\"username\":\"" + name + "\",\"enabled\":true,"
                + "\"email\":\"" + name + "@example.com\",\"emailVerified\":true,\"firstName\":\"" + name + "\","
                + "\"lastName\":\"Example\",\"credentials\":[{\"type\":\"password\",\"value\":\"" + name
                + "-password\",\"temporary\":false}" + otpCredential + "]}", 201));
        if (realmRole != null) {
            admin("POST", realmUrl + "/users/" + id + "/role-mappings/realm", admin, "[" + realmRole + "]", 204);
        }
    }

    private HttpResponse<String> admin(String method, String url, String token, String json, int... expected)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (int e : expected) {
            if (r.statusCode() == e) {
                return r;
            }
        }
        throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    }

    private static String location(HttpResponse<String> created) {
        String loc = created.headers().firstValue("Location").orElseThrow();
        return loc.substring(loc.lastIndexOf('/') + 1);
    }

    // ---- what a user and an application do ----

    /** Resource owner password grant: a token response (acr {@code pwd}). */
    Map<String, Object> passwordGrant(String client, String user, String scope) throws Exception {
        return passwordGrantWithDpop(client, user, scope, null);
    }

    /** The realm's token endpoint. */
    String tokenEndpoint() {
        return oidc() + "/token";
    }

    /**
     * Resource owner password grant, with a DPoP proof of the client's key for the token endpoint when {@code proof}
     * is not null (RFC 9449 section 5; Keycloak feature {@code dpop}): then the token response of a DPoP-bound access
     * token ({@code token_type} DPoP).
     */
    Map<String, Object> passwordGrantWithDpop(String client, String user, String scope, String proof) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tokenEndpoint())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (proof != null) {
            b.header("DPoP", proof);
        }
        HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type",
                "password", "client_id", client, "username", user, "password", user + "-password", "scope", scope))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException((proof == null ? "" : "DPoP ") + "password grant for " + user
                    + " answered " + r.statusCode() + ": " + r.body());
        }
        return StrictJson.parseObject(r.body());
    }

    /**
     * Authorization code flow with PKCE through Keycloak's own login pages, as a browser would: the password form,
     * then, when the flow asks for it ({@code acr_values=mfa}), the one-time-code form. Returns the token response.
     */
    Map<String, Object> browserLogin(String user, String acrValues) throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        byte[] verifierBytes = new byte[32];
        new SecureRandom().nextBytes(verifierBytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifierBytes);
        Map<String, String> query = new LinkedHashMap<>(Map.of("client_id", CLIENT, "response_type", "code",
                "scope", "openid", "redirect_uri", REDIRECT, "state", "s1", "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        if (acrValues != null) {
            query.put("acr_values", acrValues);
        }
        HttpResponse<String> page = browser("GET", oidc() + "/auth?" + form(query), null, cookies);
        page = browser("POST", formAction(page), Map.of("username", user, "password", user + "-password"), cookies);
        if (page.statusCode() == 200) { // the flow asks for the second factor
            page = browser("POST", formAction(page), Map.of("otp", Totp.code(OTP_SECRET_BASE32, Instant.now())), cookies);
        }
        int status = page.statusCode();
        String location = page.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "the login did not redirect back (" + status + ")"));
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!location.startsWith(REDIRECT) || !code.find()) {
            throw new IllegalStateException("no code in " + location);
        }
        HttpResponse<String> tokens = postForm(oidc() + "/token", Map.of("grant_type", "authorization_code",
                "client_id", CLIENT, "code", code.group(1), "redirect_uri", REDIRECT, "code_verifier", verifier));
        return StrictJson.parseObject(tokens.body());
    }

    /** Logs the session of this refresh token out at Keycloak, which then calls the clients' back-channel logout. */
    void logout(Map<String, Object> tokenResponse, String client) throws Exception {
        HttpResponse<String> r = postForm(oidc() + "/logout", Map.of("client_id", client, "refresh_token",
                (String) tokenResponse.get("refresh_token")));
        if (r.statusCode() != 204) {
            throw new IllegalStateException("logout answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String challenge(String verifier) throws NoSuchAlgorithmException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String formAction(HttpResponse<String> page) {
        Matcher form = FORM.matcher(page.body());
        if (page.statusCode() != 200 || !form.find()) {
            throw new IllegalStateException("expected a Keycloak login form, got " + page.statusCode());
        }
        Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new IllegalStateException("login form without action");
        }
        return action.group(1).replace("&amp;", "&");
    }

    /**
     * A browser request that keeps Keycloak's cookies. They are kept by hand: Keycloak marks them {@code Secure} even
     * on http (dev mode), and a cookie store would not send them back over plain http to 127.0.0.1.
     */
    private HttpResponse<String> browser(String method, String url, Map<String, String> formFields,
            Map<String, String> cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            StringJoiner j = new StringJoiner("; ");
            cookies.forEach((k, v) -> j.add(k + "=" + v));
            b.header("Cookie", j.toString());
        }
        if (formFields != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(method, formFields == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form(formFields)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String c : r.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return r;
    }

    private HttpResponse<String> postForm(String url, Map<String, String> fields) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        StringJoiner j = new StringJoiner("&");
        fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static String string(HttpResponse<String> r, String field) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
        }
        return (String) StrictJson.parseObject(r.body()).get(field);
    }

    /** Stops Keycloak (the launcher script and the JVM it started). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
