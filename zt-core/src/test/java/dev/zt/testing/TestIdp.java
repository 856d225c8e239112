package dev.zt.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A small OpenID Provider on 127.0.0.1 for the browser-login tests: a discovery document, an "authorization" step the
 * test performs in code ({@link #authorize}: the user logs in, a code is issued), and a token endpoint that checks what
 * a real provider checks (client authentication, single-use code, {@code redirect_uri}, PKCE S256) and answers with
 * real RS256 tokens ({@link TestKeys#RSA}). Tests change its answers to play a broken or hostile provider. Shared by
 * zt-filter's {@code BrowserLoginTest} and the integration tests (zt-it's {@code ClusterIT}).
 */
public final class TestIdp implements AutoCloseable {

    public static final String CLIENT_ID = "legacy-web";
    public static final String CLIENT_SECRET = "s3cret:of/the+client";

    private final HttpServer server;
    private final Clock clock;
    public final AtomicInteger discoveryRequests = new AtomicInteger();
    public final AtomicInteger tokenRequests = new AtomicInteger();
    public final AtomicInteger refreshRequests = new AtomicInteger();
    public final AtomicInteger certsRequests = new AtomicInteger();
    /** Refresh tokens issued, by value: their subject. */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    public volatile boolean issueRefreshTokens = true;
    /** Whether each refresh answers with a new refresh token and retires the one used (refresh token rotation). */
    public volatile boolean rotateRefreshTokens = true;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** The next token answers' ID token claims, changed by the test (e.g. another nonce). */
    public volatile UnaryOperator<TestTokens> idToken = UnaryOperator.identity();
    public volatile int tokenStatus = 200;
    public volatile String tokenBody;
    public volatile int discoveryStatus = 200;
    public volatile boolean issParameter = true;
    /** With a key, the client authenticates with private_key_jwt signed by it (RFC 7523) instead of its secret. */
    public volatile java.security.PublicKey clientKey;
    private final java.util.Set<String> assertionIds = ConcurrentHashMap.newKeySet();
    /** Why the last client assertion was refused (for a failing test's message). */
    public volatile String assertionProblem;

    /** What a user's login at the provider decided, bound to the authorization request. */
    private static final class Grant {
        final Map<String, String> request;
        final String subject;
        final String acr;
        final Instant authTime;

        Grant(Map<String, String> request, String subject, String acr, Instant authTime) {
            this.request = request;
            this.subject = subject;
            this.acr = acr;
            this.authTime = authTime;
        }
    }

    public TestIdp(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/realms/acme/.well-known/openid-configuration", this::discovery);
        server.createContext("/realms/acme/token", this::token);
        server.createContext("/realms/acme/certs", ex -> {
            certsRequests.incrementAndGet();
            answer(ex, 200, Jwk.set(Jwk.of("k1", TestKeys.RSA.getPublic())));
        });
        server.start();
    }

    /** The issuer, {@code http://127.0.0.1:port/realms/acme}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/acme";
    }

    public String authorizationEndpoint() {
        return issuer() + "/auth";
    }

    /** An access token of this provider (audience {@link TestTokens#AUDIENCE}). */
    public String accessToken(String subject, String acr) {
        return TestTokens.valid(clock.instant()).kid("k1").claim("iss", issuer()).claim("sub", subject)
                .claim("acr", acr).claim("sid", "idp-session-" + subject).claim("roles", java.util.List.of("user"))
                .sign("RS256", TestKeys.RSA.getPrivate());
    }

    /** The user logs in (as {@code subject}, at {@code acr}) for the authorization request the browser was sent to. */
    public String authorize(URI authorizationRequest, String subject, String acr) {
        Map<String, String> params = query(authorizationRequest.getRawQuery());
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (subject + ":" + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        codes.put(code, new Grant(params, subject, acr, clock.instant()));
        return code;
    }

    private void discovery(HttpExchange ex) throws IOException {
        discoveryRequests.incrementAndGet();
        String doc = "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + authorizationEndpoint()
                + "\",\"token_endpoint\":\"" + issuer() + "/token\",\"end_session_endpoint\":\"" + issuer()
                + "/logout\",\"jwks_uri\":\"" + issuer() + "/certs\",\"response_types_supported\":[\"code\"],"
                + "\"code_challenge_methods_supported\":[\"plain\",\"S256\"],"
                + "\"authorization_response_iss_parameter_supported\":" + issParameter + "}";
        answer(ex, discoveryStatus, discoveryStatus == 200 ? doc : "{}");
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        if (tokenStatus != 200) {
            answer(ex, tokenStatus, tokenBody != null ? tokenBody : "{\"error\":\"server_error\"}");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((form(CLIENT_ID) + ":" + form(CLIENT_SECRET))
                .getBytes(StandardCharsets.UTF_8)); // RFC 6749 section 2.3.1: form-urlencoded first
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (clientKey != null ? auth != null || !validAssertion(form) : !expected.equals(auth)) {
            answer(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if ("refresh_token".equals(form.get("grant_type"))) {
            refresh(ex, form.getOrDefault("refresh_token", ""));
            return;
        }
        Grant g = codes.remove(form.getOrDefault("code", ""));
        if (g == null || !"authorization_code".equals(form.get("grant_type"))) {
            answer(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        if (!g.request.get("redirect_uri").equals(form.get("redirect_uri"))
                || !CLIENT_ID.equals(g.request.get("client_id"))) {
            answer(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"redirect_uri\"}");
            return;
        }
        String verifier = form.getOrDefault("code_verifier", "");
        if (!"S256".equals(g.request.get("code_challenge_method")) || !s256(verifier).equals(
                g.request.get("code_challenge"))) {
            answer(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE\"}");
            return;
        }
        String access = accessToken(g.subject, g.acr);
        TestTokens id = TestTokens.valid(clock.instant()).kid("k1").claim("iss", issuer()).claim("sub", g.subject)
                .claim("aud", CLIENT_ID).claim("azp", CLIENT_ID).claim("nonce", g.request.get("nonce"))
                .claim("acr", g.acr).claim("auth_time", g.authTime.getEpochSecond())
                .claim("sid", "idp-session-" + g.subject).claim("at_hash", atHash(access));
        String idToken = this.idToken.apply(id).sign("RS256", TestKeys.RSA.getPrivate());
        answer(ex, 200, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + (issueRefreshTokens ? "\"refresh_token\":\"" + newRefreshToken(g.subject) + "\"," : "")
                + "\"id_token\":\"" + idToken + "\"}");
    }

    /** A private_key_jwt client assertion: signed by the client's key, for this token endpoint, fresh, used once. */
    private boolean validAssertion(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                || !CLIENT_ID.equals(form.get("client_id"))) {
            return false;
        }
        try {
            String[] parts = form.getOrDefault("client_assertion", "").split("\\.");
            Map<String, Object> header = dev.zt.internal.json.StrictJson.parseObject(new String(Base64.getUrlDecoder()
                    .decode(parts[0]), StandardCharsets.UTF_8));
            Map<String, Object> c = dev.zt.internal.json.StrictJson.parseObject(new String(Base64.getUrlDecoder()
                    .decode(parts[1]), StandardCharsets.UTF_8));
            if (!"ES256".equals(header.get("alg")) || !(clientKey instanceof java.security.interfaces.ECPublicKey)) {
                assertionProblem = "alg " + header.get("alg") + " for a " + clientKey.getAlgorithm() + " key";
                return false;
            }
            java.security.Signature sig = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
            sig.initVerify(clientKey);
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!sig.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                assertionProblem = "signature";
                return false;
            }
            long now = clock.instant().getEpochSecond();
            boolean ok = CLIENT_ID.equals(c.get("iss")) && CLIENT_ID.equals(c.get("sub"))
                    && (issuer() + "/token").equals(c.get("aud")) && c.get("exp") instanceof Long
                    && (Long) c.get("exp") > now && c.get("jti") instanceof String
                    && assertionIds.add((String) c.get("jti"));
            assertionProblem = ok ? null : "claims " + c;
            return ok;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            assertionProblem = e.toString();
            return false;
        }
    }

    private String newRefreshToken(String subject) {
        String rt = "rt-" + subject + "-" + System.nanoTime();
        refreshTokens.put(rt, subject);
        return rt;
    }

    /** The refresh grant: fails once the user's session at the provider ended ({@link #endSession}). */
    private void refresh(HttpExchange ex, String rt) throws IOException {
        refreshRequests.incrementAndGet();
        String subject = rotateRefreshTokens ? refreshTokens.remove(rt) : refreshTokens.get(rt);
        if (subject == null) {
            answer(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Session not active\"}");
            return;
        }
        answer(ex, 200, "{\"access_token\":\"" + accessToken(subject, "pwd") + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":300" + (rotateRefreshTokens ? ",\"refresh_token\":\"" + newRefreshToken(subject)
                + "\"" : "") + "}");
    }

    /** An administrator ends the user's sessions at the provider (or disables the user): refresh tokens die. */
    public void endSession(String subject) {
        refreshTokens.values().removeIf(subject::equals);
    }

    private static String form(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String atHash(String accessToken) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops answering (an outage); {@link #close()} too. */
    @Override
    public void close() {
        server.stop(0);
    }
}
