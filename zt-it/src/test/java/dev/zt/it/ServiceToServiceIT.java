package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two deployments: {@code orders} calls {@code reports} over HTTP with its own service token; {@code reports} trusts
 * only the orders service's identity, and a call from 127.0.0.1 without a token gets 401.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ServiceToServiceIT {

    private static final String SERVICE_ID = "urn:zt:service:orders";

    @Deployment(name = "reports", testable = false, order = 1)
    static WebArchive reports() {
        return Wars.war("reports")
                .param("zt.issuers.orders-service.issuer", SERVICE_ID)
                .param("zt.issuers.orders-service.public-key", "classpath:orders-service.pem")
                .param("zt.issuers.orders-service.audience", "api://reports")
                .resource("orders-service.pem", Wars.pem(ItKeys.SERVICE.getPublic()))
                .servlet(EchoServlet.class, "/*")
                .build();
    }

    @Deployment(name = "orders", testable = false, order = 2)
    static WebArchive orders() {
        return Wars.war("orders")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.service.id", SERVICE_ID)
                .param("zt.service.signing-key", "classpath:orders-service.key")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .resource("orders-service.key", Wars.pem(ItKeys.SERVICE.getPrivate()))
                .servlet(PullServlet.class, "/pull")
                .servlet(EchoServlet.class, "/*")
                .build();
    }

    private static String userToken() {
        return TestTokens.valid(Instant.now()).sign("RS256", ItKeys.IDP.getPrivate());
    }

    @Test
    void ordersCallsReportsWithItsServiceToken(@ArquillianResource @OperateOnDeployment("orders") URL orders)
            throws Exception {
        HttpResponse<String> r = Http.get(orders, "/pull", userToken());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("status=200", "user=" + SERVICE_ID, "auth=BEARER");
    }

    @Test
    void internalCallWithoutTokenIsRefused(@ArquillianResource @OperateOnDeployment("orders") URL orders)
            throws Exception {
        HttpResponse<String> r = Http.get(orders, "/pull?token=false", userToken());
        assertThat(r.body()).contains("status=401", "token_missing");
    }

    @Test
    void reportsRefusesUserTokensAndAnonymousLoopbackCalls(
            @ArquillianResource @OperateOnDeployment("reports") URL reports) throws Exception {
        HttpResponse<String> user = Http.get(reports, "/report", userToken());
        assertThat(user.statusCode()).isEqualTo(401);
        assertThat(user.body()).contains("issuer_untrusted");
        assertThat(Http.get(reports, "/report", null).statusCode()).isEqualTo(401);
    }
}
