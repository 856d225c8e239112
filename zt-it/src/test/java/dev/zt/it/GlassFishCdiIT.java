package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestTokens;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CdiContract} on a real GlassFish 7: everything holds but the EJB container's view of the caller's roles, a
 * known limit of GlassFish (docs/containers.md): EJB {@code @RolesAllowed} and {@code SessionContext.isCallerInRole}
 * refuse even an admin. The three tests that rely on it assert that limit instead — a 403 problem document, never a
 * 500, never an admission — so that a GlassFish that fixes it makes this test fail and the docs can say so.
 */
class GlassFishCdiIT extends ExternalCdiContract {

    @Override
    ExternalServer start() throws Exception {
        return GlassFish.start(deployment("cdi", null));
    }

    @Override
    String deployedMarker() {
        return "Loading application ["; // AS-WEB-GLUE-00172, whose text is on the line after the id
    }

    private HttpResponse<String> get(String path, TestTokens t) throws Exception {
        return Http.get(base, path, t.sign("RS256", ItKeys.IDP.getPrivate()));
    }

    private static TestTokens token(String... roles) {
        return TestTokens.valid(Instant.now()).claim("roles", List.of(roles));
    }

    private static void assertRefused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("\"reason\":\"insufficient_role\"");
    }

    /** Known limit: GlassFish's EJB container refuses the admin too (zt's 403, not a 500). */
    @Test
    @Override
    void ejbRolesAllowedSeesTheTokensCallerAndRoles() throws Exception {
        assertRefused(get("/api/orders/ejb", token("admin")));
        assertRefused(get("/api/orders/ejb", token("user")));
    }

    /** Known limit: the EJB's own {@code isCallerInRole} is false for an auditor too; the refusal is still a 403. */
    @Test
    @Override
    void containerDenialIsRenderedAs403ProblemNot500() throws Exception {
        assertRefused(get("/api/orders/legacy", token("user")));
        assertRefused(get("/api/orders/legacy", token("auditor")));
    }

    /** The web tier sees a cookie session's caller and roles (the EJB tier would not); logout ends the session. */
    @Test
    @Override
    void aCookieSessionIsTheContainersCallerTooAndALogoutEndsIt() throws Exception {
        HttpResponse<String> created = Http.send(Http.request(base, "/zt/session?mode=cookie").header("Authorization",
                "Bearer " + token("admin").sign("RS256", ItKeys.IDP.getPrivate()))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String jar = "__Host-zt-session=" + cookie(created, "__Host-zt-session") + "; __Host-zt-device="
                + cookie(created, "__Host-zt-device");
        HttpResponse<String> web = Http.send(Http.request(base, "/api/orders").header("Cookie", jar));
        assertThat(web.statusCode()).as(web.body()).isEqualTo(200);
        assertThat(web.body()).contains("caller=alice", "userInRoleAdmin=true");
        String csrf = (String) dev.zt.internal.json.StrictJson.parseObject(created.body()).get("csrf_token");
        assertThat(Http.send(Http.request(base, "/zt/logout").header("Cookie", jar).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(204);
        HttpResponse<String> after = Http.send(Http.request(base, "/api/orders").header("Cookie", jar));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("session_revoked");
    }
}
