package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

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

/** An issuer whose JWK Set cannot be fetched: the application still deploys, and tokens get 503 with Retry-After. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeySourceOutageIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.war("outage")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.jwks-uri", "http://127.0.0.1:9/jwks") // discard port: nothing listens
                .param("zt.jwks.connect-timeout", "500ms")
                .param("zt.retry-after", "10s")
                .servlet(EchoServlet.class, "/*")
                .build();
    }

    @Test
    void tokensGet503WithRetryAfterWhileKeysAreUnavailable() throws Exception {
        String token = TestTokens.valid(Instant.now()).kid("k1").sign("RS256", ItKeys.IDP.getPrivate());
        HttpResponse<String> r = Http.get(base, "/orders", token);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("10");
        assertThat(r.body()).contains("\"reason\":\"key_source_unavailable\"").doesNotContain("Exception");
        assertThat(Http.get(base, "/orders", null).statusCode()).isEqualTo(401);
    }
}
