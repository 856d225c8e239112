package dev.zt.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWK Set of a login issuer without jwks-uri: read at the jwks_uri of its discovery document, checked first. */
class DiscoveredJwksTest {

    private HttpServer server;
    private volatile String document;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/realms/a/.well-known/openid-configuration", ex -> answer(ex, document));
        server.createContext("/realms/a/certs", ex -> answer(ex, "{\"keys\":[]}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/a";
    }

    private JwksFetcher fetcher(boolean allowHttp) {
        return JwksFetcher.discovered(issuer(), http, Duration.ofSeconds(5), 65536, allowHttp);
    }

    @Test
    void jwksUriOfTheDocumentIsFetched() throws IOException {
        document = "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/certs\"}";
        assertThat(fetcher(false).fetch().body).isEqualTo("{\"keys\":[]}");
        assertThat(fetcher(false).local()).isFalse();
    }

    @Test
    void documentOfAnotherIssuerIsRefused() {
        document = "{\"issuer\":\"" + issuer() + "/\",\"jwks_uri\":\"" + issuer() + "/certs\"}";
        assertThatThrownBy(() -> fetcher(false).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("issuer is not exactly");
    }

    @Test
    void jwksUriThatIsNotHttpsIsRefusedUnlessLoopbackOrAllowed() throws IOException {
        for (String bad : new String[] {"file:/etc/keys.json", "http://keys.example/certs", "classpath:k.json",
            "not a uri", ""}) {
            document = "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + bad + "\"}";
            assertThatThrownBy(() -> fetcher(false).fetch()).as(bad).isInstanceOf(IOException.class)
                    .hasMessageContaining("jwks_uri");
        }
        document = "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"http://keys.invalid/certs\"}";
        assertThatThrownBy(() -> fetcher(true).fetch()).as("allowed: fetched, and this host does not exist")
                .isInstanceOf(IOException.class).hasMessageNotContaining("jwks_uri");
        document = "{\"issuer\":\"" + issuer() + "\"}";
        assertThatThrownBy(() -> fetcher(false).fetch()).isInstanceOf(IOException.class);
        document = "not json";
        assertThatThrownBy(() -> fetcher(false).fetch()).isInstanceOf(IOException.class);
    }
}
