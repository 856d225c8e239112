package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.KeySourceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code {prefix}/health} ({@code zt.health.enabled}): off by default; the components and their statuses as JSON,
 * {@code 503} when an issuer has no trustworthy keys, degraded (still {@code 200}) when the PDP does not answer; only
 * to {@code zt.health.networks}, judged on the client address a trusted proxy reports.
 */
class HealthEndpointTest {

    private final FilterFixture fx = new FilterFixture();

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private HttpResponse<String> health(String... headers) throws Exception {
        java.net.http.HttpRequest.Builder b = fx.server.request("/zt/health");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return fx.server.send(b);
    }

    @Test
    void offByDefaultItIsAPathLikeAnyOther() throws Exception {
        fx.start();
        HttpResponse<String> r = health();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("components");
    }

    @Test
    void itListsEveryComponentWithoutATokenToALocalProbe() throws Exception {
        fx.with("zt.health.enabled", "true").start();
        HttpResponse<String> r = health();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.body()).contains("\"status\":\"UP\"",
                "\"keys:default\":{\"status\":\"UP\",\"detail\":\"1 key\",\"values\":{\"keys\":1}}",
                "\"store\":{\"status\":\"UP\"").doesNotContain("pdp");
    }

    @Test
    void anIssuerWithoutTrustworthyKeysIsDownAnd503() throws Exception {
        fx.keys = new KeySource() {
            @Override
            public KeySet keys() {
                throw new KeySourceException("the JWK Set could not be fetched");
            }
        };
        fx.with("zt.health.enabled", "true").start();
        HttpResponse<String> r = health();
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"status\":\"DOWN\"", "\"keys:default\":{\"status\":\"DOWN\"",
                "no trustworthy keys (KeySourceException)").doesNotContain("could not be fetched");
    }

    @Test
    void aPdpThatDoesNotAnswerDegradesButDoesNotDown() throws Exception {
        fx.with("zt.health.enabled", "true").with("zt.authzen.pdp", "http://127.0.0.1:1").start();
        HttpResponse<String> r = health();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"DEGRADED\"", "\"pdp\":{\"status\":\"DEGRADED\"")
                .doesNotContain("127.0.0.1:1");
    }

    @Test
    void onlyTheConfiguredNetworksAreAnsweredAsTheTrustedProxyReportsThem() throws Exception {
        fx.with("zt.health.enabled", "true").with("zt.trusted-proxies", "127.0.0.1").start();
        assertThat(health("X-Forwarded-For", "203.0.113.9").statusCode()).as("a client behind the proxy")
                .isEqualTo(404);
        assertThat(health().statusCode()).as("the proxy's host itself").isEqualTo(200);
        FilterFixture other = new FilterFixture();
        try {
            other.with("zt.health.enabled", "true").with("zt.health.networks", "10.0.0.0/8").start();
            assertThat(other.server.send(other.server.request("/zt/health")).statusCode()).isEqualTo(404);
        } finally {
            other.close();
        }
    }

    @Test
    void aHealthIsCheckedAtMostEveryFiveSeconds() throws Exception {
        fx.with("zt.health.enabled", "true").start();
        java.time.Instant first = fx.engine.health().checkedAt();
        fx.clock.advance(Duration.ofSeconds(4));
        assertThat(fx.engine.health().checkedAt()).isEqualTo(first);
        fx.clock.advance(Duration.ofSeconds(2));
        assertThat(fx.engine.health().checkedAt()).isAfter(first);
    }
}
