package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample against a real identity provider: Keycloak (started by {@link Keycloak}, provisioned through its admin
 * API) issues the tokens; the sample.war the build produced trusts it with five configuration lines (docs/keycloak.md)
 * and is deployed to WildFly. Realm roles arrive through {@code realm_access.roles}, scopes through {@code scope},
 * step-up through {@code acr} ({@code pwd} → {@code mfa} by Keycloak's LoA flow), logout through OpenID Connect
 * back-channel logout, expiry through {@code exp}. The expiry test waits real time (about 7 s): Keycloak and WildFly
 * run on the machine's clock, which a test cannot move. With Keycloak's {@code dpop} feature a client that proves a key
 * at the token endpoint gets a DPoP-bound token, which zt accepts only with a fresh proof of that key. With its
 * {@code authzen} feature the realm is also the OpenID AuthZEN PDP of the sample's order approval (zt authenticates
 * with a client credentials grant; Keycloak decides with its Authorization Services).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeycloakIT {

    /** Where Keycloak's back-channel logout reaches the sample: WildFly's HTTP port as the Arquillian container uses. */
    private static final String CONTEXT = "sample-keycloak";
    private static final String BACKCHANNEL = "http://127.0.0.1:8080/" + CONTEXT + "/zt/backchannel-logout";

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final String PDP_CLIENT = "zt-pdp";
    private static final String PDP_SECRET = "zt-pdp-client-secret-for-tests";

    private static Keycloak keycloak;

    @ArquillianResource
    private URL base;

    /** Starts and provisions Keycloak, then adds it as a trusted issuer to the sample's own zt.properties. */
    @Deployment(testable = false)
    static WebArchive sampleTrustingKeycloak() throws Exception {
        // DPoP-bound tokens (RFC 9449) on request; the realm as an OpenID AuthZEN PDP
        keycloak = Keycloak.start("--features=dpop,authzen");
        keycloak.provision(BACKCHANNEL);
        keycloak.authzenPdp(PDP_CLIENT, PDP_SECRET, Map.of("dave-42", "dave"));
        Path secret = Files.createTempFile("zt-keycloak-pdp", ".secret");
        Files.writeString(secret, PDP_SECRET);
        WebArchive war = ShrinkWrap.create(ZipImporter.class, CONTEXT + ".war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        String path = "/WEB-INF/classes/zt.properties";
        String props;
        try (var in = war.get(path).getAsset().openStream()) {
            props = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        String issuer = keycloak.issuer();
        props += "\n# Keycloak (KeycloakIT; docs/keycloak.md)\n"
                + "zt.issuers.keycloak.issuer=" + issuer + "\n"
                + "zt.issuers.keycloak.jwks-uri=" + issuer + "/protocol/openid-connect/certs\n"
                + "zt.issuers.keycloak.audience=" + Keycloak.API_AUDIENCE + "\n"
                + "zt.issuers.keycloak.roles-claim=realm_access.roles\n"
                + "zt.issuers.keycloak.logout-audience=" + Keycloak.CLIENT + ", " + Keycloak.SHORT_CLIENT + "\n"
                + "zt.issuers.keycloak.clock-skew=1s\n"
                + "# Keycloak as the AuthZEN PDP (docs/authzen.md)\n"
                + "zt.authzen.pdp=" + issuer + "\n"
                + "zt.authzen.token-endpoint=" + keycloak.tokenEndpoint() + "\n"
                + "zt.authzen.client-id=" + PDP_CLIENT + "\n"
                + "zt.authzen.secret=file:" + secret + "\n"
                + "zt.authzen.timeout=5s\n";
        war.delete(path);
        war.add(new StringAsset(props), path);
        String rules = CerbosIT.approvalAskingThePdp(CerbosIT.read(war, "/WEB-INF/classes/zt-rules.txt"));
        war.delete("/WEB-INF/classes/zt-rules.txt");
        war.add(new StringAsset(rules), "/WEB-INF/classes/zt-rules.txt");
        return war;
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token));
    }

    private HttpResponse<String> transfer(String token) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/transfers")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"amount\":5}")));
    }

    private static String access(Map<String, Object> tokenResponse) {
        return (String) tokenResponse.get("access_token");
    }

    private static Map<String, Object> claims(String jwt) {
        return StrictJson.parseObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    @Test
    void keycloakTokenAcceptedWithItsSubjectAcrAndScopes() throws Exception {
        String token = access(keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid orders:read"));
        String sub = (String) claims(token).get("sub");

        HttpResponse<String> whoami = get("/api/whoami", token);
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"sub\":\"" + sub + "\"", "\"acr\":\"pwd\"");
        HttpResponse<String> orders = get("/api/orders", token);
        assertThat(orders.statusCode()).as("scope orders:read, granted as an optional client scope").isEqualTo(200);
        assertThat(orders.body()).contains("book");

        String noScope = access(keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid"));
        HttpResponse<String> refused = get("/api/orders", noScope);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"reason\":\"insufficient_scope\"");
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_scope", "scope=\"orders:read\"");
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void keycloakAsTheAuthzenPdpLetsOnlyTheOwnerApproveOrCancelHerOrder() throws Exception {
        String dave = access(keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid"));
        String erin = access(keycloak.passwordGrant(Keycloak.CLIENT, "erin", "openid"));
        HttpResponse<String> approved = post("/api/orders/dave-42/approve", dave);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("\"status\":\"approved\"");
        // erin is an admin, whom the sample's shipped rule lets approve; Keycloak's policy names dave only
        HttpResponse<String> denied = post("/api/orders/dave-42/approve", erin);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("\"reason\":\"pdp_denied\"").doesNotContain("dave-42");
        // an order Keycloak does not know is a deny, not an error
        assertThat(post("/api/orders/dave-99/approve", dave).body()).contains("\"reason\":\"pdp_denied\"");
        // the annotated method (@RequiresPermission) asks the same PDP
        HttpResponse<String> cancelled = post("/api/orders/dave-42/cancel", dave);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(post("/api/orders/dave-42/cancel", erin).statusCode()).isEqualTo(403);
    }

    @Test
    void realmRolesMappedThroughRealmAccessRoles() throws Exception {
        String dave = access(keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid"));
        HttpResponse<String> notAdmin = get("/api/admin/stats", dave);
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(notAdmin.body()).contains("\"reason\":\"insufficient_role\"");

        String erin = access(keycloak.passwordGrant(Keycloak.CLIENT, "erin", "openid"));
        assertThat(get("/api/admin/stats", erin).statusCode()).as("zt path rule and @RequiresRole").isEqualTo(200);
        assertThat(get("/api/admin/audit", erin).body()).as("EJB @RolesAllowed sees the Keycloak role")
                .contains("read by");
    }

    @Test
    void stepUpWhenAcrIsPwdThenChallengedAndAKeycloakMfaLoginPasses() throws Exception {
        String pwd = access(keycloak.browserLogin("carol", null));
        assertThat(claims(pwd)).containsEntry("acr", "pwd");
        HttpResponse<String> challenged = transfer(pwd);
        assertThat(challenged.statusCode()).isEqualTo(401);
        assertThat(challenged.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"");

        // RFC 9470: the client asks Keycloak again with the acr_values of the challenge; the flow adds the OTP
        String mfa = access(keycloak.browserLogin("carol", "mfa"));
        assertThat(claims(mfa)).containsEntry("acr", "mfa").containsKey("auth_time");
        HttpResponse<String> done = transfer(mfa);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("\"status\":\"done\"");
    }

    @Test
    void logoutAtKeycloakThenItsTokensAndExchangedSessionsRefusedAndANewLoginWorks() throws Exception {
        Map<String, Object> login = keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid");
        String token = access(login);
        HttpResponse<String> exchanged = send(HttpRequest.newBuilder(uri("/zt/session"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        String session = (String) StrictJson.parseObject(exchanged.body()).get("session_token");
        assertThat(get("/api/whoami", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/whoami", session).statusCode()).isEqualTo(200);

        keycloak.logout(login, Keycloak.CLIENT); // Keycloak posts the logout token to the sample before answering

        HttpResponse<String> afterLogout = get("/api/whoami", token);
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(afterLogout.body()).contains("\"reason\":\"token_revoked\"");
        assertThat(get("/api/whoami", session).body()).contains("\"reason\":\"session_revoked\"");
        String again = access(keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid"));
        assertThat(get("/api/whoami", again).statusCode()).as("a new Keycloak session").isEqualTo(200);
    }

    @Test
    void keycloakTokenRefusedOnceExpired() throws Exception {
        String token = access(keycloak.passwordGrant(Keycloak.SHORT_CLIENT, "dave", "openid"));
        long exp = ((Number) claims(token).get("exp")).longValue();
        assertThat(exp - ((Number) claims(token).get("iat")).longValue()).as("the client's 5 s lifespan").isEqualTo(5);
        assertThat(get("/api/whoami", token).statusCode()).isEqualTo(200);

        // exp and the 1 s skew configured for this issuer must pass: Keycloak's clock is this machine's clock
        Thread.sleep(Math.max(0, (exp + 2) * 1000 - Instant.now().toEpochMilli()));
        HttpResponse<String> expired = get("/api/whoami", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("\"reason\":\"token_expired\"");
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void backChannelLogoutWhenGivenAnAccessTokenThen400() throws Exception {
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/zt/backchannel-logout"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "logout_token=" + access(keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid")))));
        assertThat(forged.statusCode()).as("an access token is not a logout token").isEqualTo(400);
        assertThat(forged.body()).contains("\"error\":\"invalid_request\"", "\"reason\":\"header_invalid\"");
    }

    @Test
    void aDpopBoundKeycloakTokenIsAcceptedWithAFreshProofAndRefusedAsBearerOrWithAnotherKey() throws Exception {
        java.security.KeyPair key = dev.zt.testing.TestKeys.ec("secp256r1");
        String tokenProof = dev.zt.testing.DpopProof.of(key, "ES256").htm("POST").htu(keycloak.tokenEndpoint())
                .iat(Instant.now()).sign();
        Map<String, Object> response = keycloak.passwordGrantWithDpop(Keycloak.CLIENT, "dave", "openid", tokenProof);
        assertThat(response.get("token_type")).isEqualTo("DPoP");
        String token = access(response);
        assertThat(((Map<?, ?>) claims(token).get("cnf")).get("jkt")).isEqualTo( // Keycloak adds "kc-jkt-type"
                dev.zt.testing.DpopProof.thumbprint(key.getPublic()));

        URI whoami = uri("/api/whoami");
        HttpResponse<String> proven = send(HttpRequest.newBuilder(whoami).header("Authorization", "DPoP " + token)
                .header("DPoP", resourceProof(key, whoami, token)));
        assertThat(proven.statusCode()).as(proven.body()).isEqualTo(200);

        HttpResponse<String> asBearer = get("/api/whoami", token);
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.body()).contains("\"reason\":\"dpop_required\"");
        assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("DPoP realm=");

        java.security.KeyPair thief = dev.zt.testing.TestKeys.ec("secp256r1");
        HttpResponse<String> stolen = send(HttpRequest.newBuilder(whoami).header("Authorization", "DPoP " + token)
                .header("DPoP", resourceProof(thief, whoami, token)));
        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(stolen.body()).contains("\"reason\":\"dpop_binding_mismatch\"");

        String captured = resourceProof(key, whoami, token);
        assertThat(send(HttpRequest.newBuilder(whoami).header("Authorization", "DPoP " + token).header("DPoP",
                captured)).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = send(HttpRequest.newBuilder(whoami).header("Authorization", "DPoP " + token)
                .header("DPoP", captured));
        assertThat(replayed.body()).contains("\"reason\":\"dpop_replayed\"");
    }

    private static String resourceProof(java.security.KeyPair key, URI url, String token) {
        return dev.zt.testing.DpopProof.of(key, "ES256").htm("GET").htu(url.toString()).iat(Instant.now()).ath(token)
                .sign();
    }
}
