package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.store.redis.RedisServer;
import dev.zt.store.redis.TcpProxy;
import dev.zt.testing.TestTokens;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * zt-cdi's Jakarta Security mechanism and the zt filter on one request against a real Redis (through a proxy that
 * counts, delays and partitions): the mechanism authenticates first and the filter takes over what it established, so
 * a bearer request is verified once and costs the Redis round trips of the filter alone, a store fault is a 503 and
 * never a 500, and the mechanism and the filter spend one {@code zt.redis.timeout} between them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdiRedisIT {

    private static final RedisServer REDIS = Io.unchecked(RedisServer::new);
    private static final TcpProxy PROXY = Io.unchecked(() -> new TcpProxy(REDIS.port));

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive cdiOnRedis() {
        WebArchive war = CdiContract.deployment("cdi-redis", "zt.container-identity=jakarta-security\n"
                + "zt.store=redis\nzt.redis.uri=" + PROXY.uri() + "\nzt.redis.timeout=1s\n")
                .addAsWebInfResource(new StringAsset("<jboss-web><security-domain>zt</security-domain></jboss-web>\n"),
                        "jboss-web.xml");
        for (String lib : System.getProperty("zt.it.redis-libs", "").split(File.pathSeparator)) {
            if (!lib.isBlank()) {
                war.addAsLibrary(new File(lib));
            }
        }
        return war;
    }

    @AfterAll
    static void stop() throws Exception {
        PROXY.close();
        REDIS.close();
    }

    private HttpResponse<String> orders(String subject) throws Exception {
        return Http.get(base, "/api/orders", TestTokens.valid(Instant.now()).claim("sub", subject)
                .claim("roles", List.of("admin")).sign("RS256", ItKeys.IDP.getPrivate()));
    }

    private static String reason(HttpResponse<String> r) {
        Object reason = r.body().startsWith("{") ? StrictJson.parseObject(r.body()).get("reason") : null;
        return reason == null ? "" : (String) reason;
    }

    /** Polls (bounded) until an admin's request is answered 200; every answer on the way is store_unavailable. */
    private void awaitRecovered() throws Exception {
        HttpResponse<String> r = orders("recovering");
        for (int i = 0; i < 200 && r.statusCode() != 200; i++) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(reason(r)).isEqualTo("store_unavailable");
            Thread.sleep(50);
            r = orders("recovering");
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void theMechanismAndTheFilterVerifyABearerRequestOnceBetweenThem() throws Exception {
        awaitRecovered(); // the application's Redis connection opens in the background
        int[] n = {0};
        RedisTraffic traffic = RedisTraffic.of(PROXY, () -> {
            HttpResponse<String> r = orders("cdi-" + n[0]);
            assertThat(r.body()).contains("sub=cdi-" + n[0], "caller=cdi-" + n[0]++, "userInRoleAdmin=true");
            return r;
        });
        // one revocation check (the mechanism's; the filter adopts its verified token), the request window, the
        // profile, and (each request is a new subject's) the one update of what the risk checks learned: the same five
        // round trips as a new subject's request through the filter alone (ClusterIT)
        assertThat(traffic.commands).as("commands of one request").filteredOn("mget"::equals).hasSize(1);
        assertThat(traffic.roundTrips).as("round trips of one request: %s", traffic).isEqualTo(5);
    }

    @Test
    @Order(2)
    void aPartitionedRedisIsAStoreUnavailable503ForAnnotatedResourcesNeverA500() throws Exception {
        PROXY.partition();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = orders("partitioned-" + i);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(reason(r)).isEqualTo("store_unavailable");
            }
        } finally {
            PROXY.heal();
        }
        awaitRecovered();
    }

    /**
     * Every answer of Redis 420 ms late: the mechanism's revocation check and the filter's two lookups need 1.26 s,
     * more than the one second of {@code zt.redis.timeout} the request has. With a budget each (mechanism: 0.42 s,
     * filter: 0.84 s) the request would pass; lateness only adds, so a loaded machine cannot make this test fail.
     */
    @Test
    @Order(3)
    void theMechanismAndTheFilterSpendOneRedisTimeoutBetweenThem() throws Exception {
        PROXY.delayAnswers(Duration.ofMillis(420));
        try {
            HttpResponse<String> r = orders("slow");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(reason(r)).isEqualTo("store_unavailable");
        } finally {
            PROXY.delayAnswers(Duration.ZERO);
        }
        awaitRecovered();
    }
}
