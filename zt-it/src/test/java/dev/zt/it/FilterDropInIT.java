package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web.xml drop-in on a real WildFly: each HTTP answer with its exact headers, firewall, proxies, login. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FilterDropInIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.war("dropin")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.algorithms", "RS256")
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.rules", "classpath:zt-rules.txt")
                .param("zt.trusted-proxies", "127.0.0.1")
                .param("zt.public-paths", "/health")
                .param("zt.login-url", "/login")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .resource("zt-rules.txt", "GET /admin/** roles=admin\nPOST /orders scopes=orders:write\n"
                        + "* /transfers acr=mfa\n")
                .servlet(EchoServlet.class, "/*")
                .build();
    }

    private static TestTokens token() {
        return TestTokens.valid(Instant.now());
    }

    private static String sign(TestTokens t) {
        return t.sign("RS256", ItKeys.IDP.getPrivate());
    }

    @Test
    void loopbackRequestWithoutTokenGets401WithBareChallenge() throws Exception {
        HttpResponse<String> r = Http.get(base, "/orders", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", DPoP realm=\"zt\", algs=\"");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.body()).contains("\"reason\":\"token_missing\"");
    }

    @Test
    void validTokenReachesTheApplicationWithIdentity() throws Exception {
        HttpResponse<String> r = Http.get(base, "/orders", sign(token().claim("roles", List.of("admin"))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("user=alice", "auth=BEARER", "admin=true");
    }

    @Test
    void invalidTokenGets401InvalidToken() throws Exception {
        HttpResponse<String> r = Http.get(base, "/orders", token().sign("RS256", TestKeys.RSA_2.getPrivate()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", error=\"invalid_token\", error_description=\"");
        assertThat(r.body()).contains("\"reason\":\"signature_invalid\"").doesNotContain("Exception");
    }

    @Test
    void missingScopeGets403InsufficientScope() throws Exception {
        HttpResponse<String> r = Http.send(Http.request(base, "/orders").header("Authorization", "Bearer "
                + sign(token().claim("scope", "orders:read"))).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"orders:write\"");
    }

    @Test
    void missingRoleGets403() throws Exception {
        HttpResponse<String> r = Http.get(base, "/admin/stats", sign(token()));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"reason\":\"insufficient_role\"");
    }

    @Test
    void missingAcrGetsStepUpChallenge() throws Exception {
        HttpResponse<String> r = Http.get(base, "/transfers", sign(token().claim("acr", "pwd")));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"", "acr_values=\"mfa\"");
        assertThat(Http.get(base, "/transfers", sign(token().claim("acr", "mfa"))).statusCode()).isEqualTo(200);
    }

    @Test
    void firewallRefusesOddPathsAndNeverAnswers200Or500() throws Exception {
        String token = sign(token());
        for (String path : new String[] {"/dropin/a/%2e%2e/orders", "/dropin/a%2Forders", "/dropin/a;x=1/orders",
            "/dropin/a%00"}) {
            String r = Http.raw(base, "GET " + path + " HTTP/1.1", "Authorization: Bearer " + token);
            assertThat(r).as(path).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void trustedProxyForwardingIsHonoured() throws Exception {
        HttpResponse<String> r = Http.send(Http.request(base, "/who").header("Authorization", "Bearer "
                + sign(token())).header("X-Forwarded-For", "198.51.100.1, 203.0.113.9"));
        assertThat(r.body()).contains("client=203.0.113.9");
    }

    @Test
    void publicPathNeedsNoToken() throws Exception {
        assertThat(Http.get(base, "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void browserNavigationIsRedirectedToLogin() throws Exception {
        HttpResponse<String> r = Http.send(Http.request(base, "/orders").header("Accept", "text/html"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).contains("/dropin/login?return=%2Fdropin%2Forders");
    }
}
