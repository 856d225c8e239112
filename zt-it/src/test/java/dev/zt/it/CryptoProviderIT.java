package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The opt-in provider as docs/performance.md tells WildFly users to set it up: the deployment depends on WildFly's
 * own Bouncy Castle module ({@code jboss-deployment-structure.xml}) and names the provider class in
 * {@code zt.crypto.provider}; zt instantiates it from the deployment's class loader and verifies Ed25519 with it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CryptoProviderIT {

    private static final KeyPair ED = TestKeys.ed25519();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Wars.war("bcprovider")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.algorithms", "EdDSA")
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.crypto.provider", "org.bouncycastle.jce.provider.BouncyCastleProvider")
                .resource("issuer.pem", Wars.pem(ED.getPublic()))
                .servlet(EchoServlet.class, "/*")
                .build();
        war.addAsWebInfResource(new StringAsset("<jboss-deployment-structure><deployment><dependencies>"
                + "<module name=\"org.bouncycastle.bcprov\"/></dependencies></deployment>"
                + "</jboss-deployment-structure>"), "jboss-deployment-structure.xml");
        return war;
    }

    private static String token() {
        return TestTokens.valid(Instant.now()).sign("EdDSA", ED.getPrivate());
    }

    @Test
    void ed25519TokenVerifiedWithWildFlysBouncyCastleModule() throws Exception {
        HttpResponse<String> r = Http.get(base, "/orders", token());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("user=alice");
    }

    @Test
    void ed25519SignatureWithAByteAppendedRefused() throws Exception {
        String t = token();
        int dot = t.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(t.substring(dot + 1));
        String longer = t.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(sig, 65));
        HttpResponse<String> r = Http.get(base, "/orders", longer);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"reason\":\"signature_invalid\"");
    }
}
