package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.DpopProof;
import dev.zt.testing.TestCertificates;
import dev.zt.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;

/**
 * Sender-constrained tokens on a real WildFly: a certificate-bound token (RFC 8705) with the RFC 9440
 * {@code Client-Cert} header a trusted proxy forwards, the same header from a client that is not a trusted proxy
 * (ignored: the token is refused), and a DPoP-bound token (RFC 9449) whose proof names the URL the client saw through
 * the proxy ({@code X-Forwarded-Proto}/{@code X-Forwarded-Host}) or WildFly's own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SenderConstrainedIT {

    private static final KeyPair CLIENT = dev.zt.testing.TestKeys.ec("secp256r1");

    @Deployment(name = "behind-proxy", testable = false, order = 1)
    static WebArchive behindProxy() {
        return war("pop-proxy", "127.0.0.1");
    }

    @Deployment(name = "direct", testable = false, order = 2)
    static WebArchive direct() {
        return war("pop-direct", null);
    }

    private static WebArchive war(String name, String proxies) {
        Wars.Builder b = Wars.war(name)
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.algorithms", "RS256")
                .param("zt.public-key", "classpath:issuer.pem")
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .servlet(EchoServlet.class, "/*");
        return (proxies == null ? b : b.param("zt.trusted-proxies", proxies)).build();
    }

    private static String certificateBound() {
        return TestTokens.valid(Instant.now()).claim("cnf", Map.of("x5t#S256",
                TestCertificates.thumbprint(TestCertificates.A))).sign("RS256", ItKeys.IDP.getPrivate());
    }

    private static HttpResponse<String> withCert(URL base, String token, String cert) throws Exception {
        return Http.send(Http.request(base, "/orders").header("Authorization", "Bearer " + token)
                .header("Client-Cert", cert));
    }

    @Test
    void aCertificateBoundTokenPassesWithTheCertificateATrustedProxyForwards(
            @ArquillianResource @OperateOnDeployment("behind-proxy") URL proxied) throws Exception {
        String token = certificateBound();
        HttpResponse<String> ok = withCert(proxied, token, TestCertificates.header(TestCertificates.A));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> other = withCert(proxied, token, TestCertificates.header(TestCertificates.B));
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.body()).contains("\"reason\":\"certificate_binding_mismatch\"");
        HttpResponse<String> none = Http.get(proxied, "/orders", token);
        assertThat(none.body()).contains("\"reason\":\"certificate_binding_mismatch\"");
    }

    @Test
    void aClientCertHeaderFromAClientThatIsNoTrustedProxyIsIgnored(
            @ArquillianResource @OperateOnDeployment("direct") URL direct) throws Exception {
        HttpResponse<String> forged = withCert(direct, certificateBound(), TestCertificates.header(TestCertificates.A));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("\"reason\":\"certificate_binding_mismatch\"");
    }

    @Test
    void aDpopBoundTokenPassesWithAProofOfTheUrlTheClientSaw(
            @ArquillianResource @OperateOnDeployment("behind-proxy") URL proxied,
            @ArquillianResource @OperateOnDeployment("direct") URL direct) throws Exception {
        String token = TestTokens.valid(Instant.now()).claim("cnf", Map.of("jkt",
                DpopProof.thumbprint(CLIENT.getPublic()))).sign("RS256", ItKeys.IDP.getPrivate());
        String own = direct.toString().replaceAll("/$", "") + "/orders";
        HttpResponse<String> ok = Http.send(Http.request(direct, "/orders").header("Authorization", "DPoP " + token)
                .header("DPoP", proof(own, token)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String external = "https://api.example.test" + proxied.getPath().replaceAll("/$", "") + "/orders";
        HttpResponse<String> viaProxy = Http.send(Http.request(proxied, "/orders").header("Authorization", "DPoP "
                + token).header("DPoP", proof(external, token)).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.test"));
        assertThat(viaProxy.statusCode()).as(viaProxy.body()).isEqualTo(200);
        HttpResponse<String> bearer = Http.get(direct, "/orders", token);
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.body()).contains("\"reason\":\"dpop_required\"");
        HttpResponse<String> forgedHost = Http.send(Http.request(direct, "/orders").header("Authorization", "DPoP "
                + token).header("DPoP", proof(external, token)).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.test"));
        assertThat(forgedHost.body()).contains("\"reason\":\"dpop_proof_invalid\"");
    }

    private static String proof(String url, String token) {
        return DpopProof.of(CLIENT, "ES256").htm("GET").htu(url).iat(Instant.now()).ath(token).sign();
    }
}
