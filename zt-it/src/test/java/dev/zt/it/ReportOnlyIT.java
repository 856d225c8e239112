package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
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
        return Wars.war("reportonly")
                .param("zt.mode", "report-only")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.public-key", "classpath:issuer.pem")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .servlet(EchoServlet.class, "/*")
                .build();
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
