package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.it.cdi.AuditService;
import dev.zt.it.cdi.LegacyAuditService;
import dev.zt.it.cdi.OrdersResource;
import dev.zt.it.cdi.RestApp;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * zt-cdi on WildFly: a JAX-RS resource and EJBs protected by each annotation, called with tokens that pass and fail;
 * the container (Jakarta Security, EJB) sees the token's caller; injection; the mapper's exact answers. Run once for
 * each way zt hands the caller to the container ({@code zt.container-identity}): {@link CdiIT} (Elytron, the default
 * on WildFly) and {@link CdiJakartaSecurityIT} (zt's Jakarta Security mechanism).
 */
abstract class CdiContract { // the subclasses carry the Arquillian annotations and the deployment

    @ArquillianResource
    URL base;

    /** The test application; {@code ztProperties}, when given, is its {@code zt.properties}. */
    static WebArchive deployment(String name, String ztProperties) {
        return deployment(name, ztProperties, false);
    }

    /** The test application; {@code javax}: for Java EE 8 (zt's javax jars, the transformed test classes). */
    static WebArchive deployment(String name, String ztProperties, boolean javax) {
        Wars.Builder b = javax ? Wars.javaxWar(name) : Wars.war(name);
        if (ztProperties != null) {
            b.resource("zt.properties", ztProperties);
        }
        WebArchive war = b
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.public-paths", "/api/orders/public")
                .contextParam("resteasy.role.based.security", "true")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .build();
        if (javax) {
            Wars.addJavaxClasses(war, RestApp.class.getPackageName());
        } else {
            war.addClasses(RestApp.class, OrdersResource.class, AuditService.class, LegacyAuditService.class);
        }
        war.addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        return war;
    }

    private static TestTokens token() {
        return TestTokens.valid(Instant.now());
    }

    private static String sign(TestTokens t) {
        return t.sign("RS256", ItKeys.IDP.getPrivate());
    }

    private HttpResponse<String> get(String path, TestTokens t) throws Exception {
        return Http.get(base, path, t == null ? null : sign(t));
    }

    private static void assertProblem(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain("Exception");
    }

    /** What {@code /api/orders/identity} answers in this deployment. */
    abstract String expectedIdentity();

    /** The server's log so far (WildFly's {@code server.log} unless the subclass runs elsewhere). */
    List<String> serverLog() throws Exception {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of(System.getProperty("jboss.home"), "standalone",
                "log", "server.log"));
    }

    /** The message id with which the server says the web application is deployed. */
    String deployedMarker() {
        return "WFLYUT0021"; // Registered web context
    }

    /** zt-cdi's start-up check (annotations not enforced without CDI) stays silent where CDI runs its extension. */
    @Test
    void ztCdiDoesNotWarnThatItsAnnotationsAreUnenforced() throws Exception {
        String context = base.getPath().replaceAll("/$", "");
        List<String> log = serverLog();
        // servers write their log asynchronously (GlassFish buffers it): wait a little for the deployment's line
        for (int i = 0; i < 40 && log.stream().noneMatch(l -> l.contains(deployedMarker()) && l.contains(context));
                i++) {
            Thread.sleep(250);
            log = serverLog();
        }
        assertThat(log).as("the server deployed the application; its log ends with %s",
                log.subList(Math.max(0, log.size() - 15), log.size())).anyMatch(l -> l.contains(deployedMarker())
                && l.contains(context));
        assertThat(log).noneMatch(l -> l.contains("zt-cdi in " + context + ":"));
    }

    @Test
    void theContainerGetsTheCallerTheConfiguredWay() throws Exception {
        HttpResponse<String> r = get("/api/orders/identity", token());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(expectedIdentity());
    }

    @Test
    void authenticatedResourceSeesContextClaimsAndContainerIdentity() throws Exception {
        HttpResponse<String> r = get("/api/orders", token().claim("email", "alice@example.test")
                .claim("roles", List.of("admin")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("sub=alice", "email=alice@example.test", "caller=alice", "userInRoleAdmin=true");
    }

    @Test
    void missingScopeIsRefusedBeforeTheBodyIsRead() throws Exception {
        HttpResponse<String> r = Http.send(Http.request(base, "/api/orders").header("Authorization", "Bearer "
                + sign(token().claim("scope", "orders:read"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{ this is not json")));
        assertProblem(r, 403, "insufficient_scope");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"orders:write\"");
        HttpResponse<String> ok = Http.send(Http.request(base, "/api/orders").header("Authorization", "Bearer "
                + sign(token().claim("scope", "orders:write"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\"}")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void requiresRole() throws Exception {
        assertProblem(get("/api/orders/admin", token()), 403, "insufficient_role");
        assertThat(get("/api/orders/admin", token().claim("roles", List.of("admin"))).statusCode()).isEqualTo(200);
    }

    @Test
    void requiresAcrAnswersWithTheStepUpChallenge() throws Exception {
        HttpResponse<String> r = get("/api/orders/transfer", token().claim("acr", "pwd"));
        assertProblem(r, 401, "step_up_required");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
                "error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"", "max_age=\"300\"");
        long now = Instant.now().getEpochSecond();
        assertThat(get("/api/orders/transfer", token().claim("acr", "mfa").claim("auth_time", now - 10))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void maxRiskAndRequiresClaim() throws Exception {
        assertThat(get("/api/orders/risk", token()).statusCode()).isEqualTo(200);
        assertProblem(get("/api/orders/tenant", token().claim("tenant", "other")), 403, "access_denied");
        assertThat(get("/api/orders/tenant", token().claim("tenant", "acme")).statusCode()).isEqualTo(200);
    }

    @Test
    void rolesAllowedOnResourceAndDenyAll() throws Exception {
        assertProblem(get("/api/orders/auditor", token()), 403, "insufficient_role");
        assertThat(get("/api/orders/auditor", token().claim("roles", List.of("auditor"))).statusCode())
                .isEqualTo(200);
        assertProblem(get("/api/orders/never", token().claim("roles", List.of("admin"))), 403, "access_denied");
    }

    @Test
    void ejbRolesAllowedSeesTheTokensCallerAndRoles() throws Exception {
        HttpResponse<String> r = get("/api/orders/ejb", token().claim("roles", List.of("admin")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("alice admin=true");
        assertProblem(get("/api/orders/ejb", token().claim("roles", List.of("user"))), 403, "insufficient_role");
    }

    @Test
    void containerDenialIsRenderedAs403ProblemNot500() throws Exception {
        assertProblem(get("/api/orders/legacy", token()), 403, "insufficient_role");
        assertThat(get("/api/orders/legacy", token().claim("roles", List.of("auditor"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void permitAllOnAPublicPathRunsWithoutCallerAndIsNotAnonymous() throws Exception {
        HttpResponse<String> r = get("/api/orders/public", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("public principal=null");
    }

    @Test
    void aTokenOnAPublicPathLogsNobodyIntoTheContainer() throws Exception {
        HttpResponse<String> r = get("/api/orders/public", token().claim("roles", List.of("admin")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).as("zt authenticates nobody on a public path, and neither does the container")
                .isEqualTo("public principal=null");
    }

    @Test
    void aCookieSessionIsTheContainersCallerTooAndALogoutEndsIt() throws Exception {
        HttpResponse<String> created = Http.send(Http.request(base, "/zt/session?mode=cookie").header("Authorization",
                "Bearer " + sign(token().claim("roles", List.of("admin")))).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String jar = "__Host-zt-session=" + cookie(created, "__Host-zt-session") + "; __Host-zt-device="
                + cookie(created, "__Host-zt-device");
        HttpResponse<String> ejb = Http.send(Http.request(base, "/api/orders/ejb").header("Cookie", jar));
        assertThat(ejb.statusCode()).as(ejb.body()).isEqualTo(200);
        assertThat(ejb.body()).isEqualTo("alice admin=true");
        String csrf = (String) dev.zt.internal.json.StrictJson.parseObject(created.body()).get("csrf_token");
        assertThat(Http.send(Http.request(base, "/zt/logout").header("Cookie", jar).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(204);
        assertProblem(Http.send(Http.request(base, "/api/orders/ejb").header("Cookie", jar)), 401, "session_revoked");
    }

    static String cookie(HttpResponse<String> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        return null;
    }

    @Test
    void noTokenIsStopped401ByTheFilterBeforeAnyResource() throws Exception {
        assertProblem(get("/api/orders", null), 401, "token_missing");
    }
}
