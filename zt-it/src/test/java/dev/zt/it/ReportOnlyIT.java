package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.it.cdi.AuditService;
import dev.zt.it.cdi.LegacyAuditService;
import dev.zt.it.cdi.OrdersResource;
import dev.zt.it.cdi.RestApp;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code zt.mode=report-only}: everything is evaluated and logged, nothing is blocked. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReportOnlyIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Wars.war("reportonly")
                .param("zt.mode", "report-only")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.risk.rate.max-per-minute", "3")
                .param("zt.risk.rate.revoke-per-minute", "5")
                .contextParam("resteasy.role.based.security", "true")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .servlet(EchoServlet.class, "/*")
                .build();
        war.addClasses(RestApp.class, OrdersResource.class, AuditService.class, LegacyAuditService.class);
        war.addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        return war;
    }

    @Test
    void aBurstIsLoggedButNeitherThrottledNorRevoked() throws Exception {
        String session = (String) dev.zt.internal.json.StrictJson.parseObject(Http.send(Http.request(base,
                "/zt/session").header("Authorization", "Bearer " + TestTokens.valid(Instant.now()).claim("sub",
                "bursty").sign("RS256", ItKeys.IDP.getPrivate())).POST(java.net.http.HttpRequest.BodyPublishers
                .noBody())).body()).get("session_token");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = Http.get(base, "/orders", session);
            assertThat(r.statusCode()).as("request " + i).isEqualTo(200);
            assertThat(r.body()).contains("user=bursty");
        }
    }

    @Test
    void annotationsOnlyLogTheirRefusalsToo() throws Exception {
        String user = TestTokens.valid(Instant.now()).sign("RS256", ItKeys.IDP.getPrivate());
        HttpResponse<String> admin = Http.get(base, "/api/orders/admin", user);
        assertThat(admin.statusCode()).as("@RequiresRole(admin) in report-only: " + admin.body()).isEqualTo(200);
        HttpResponse<String> none = Http.get(base, "/api/orders/admin", null);
        assertThat(none.statusCode()).as("no caller at all: " + none.body()).isNotEqualTo(500);
    }

    @Test
    void deniedRequestsStillReachTheApplication() throws Exception {
        HttpResponse<String> none = Http.get(base, "/orders", null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("user=null");
        String forged = TestTokens.valid(Instant.now()).sign("RS256", TestKeys.RSA_2.getPrivate());
        assertThat(Http.get(base, "/orders", forged).statusCode()).isEqualTo(200);
    }

    @Test
    void validTokensStillCarryTheIdentity() throws Exception {
        String token = TestTokens.valid(Instant.now()).sign("RS256", ItKeys.IDP.getPrivate());
        assertThat(Http.get(base, "/orders", token).body()).contains("user=alice", "auth=BEARER");
    }
}
