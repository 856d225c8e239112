package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestTokens;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 concurrent clients for a bounded time with sessions so short that refreshes and rotations happen constantly:
 * no false rejection, no lost refresh, no 5xx, and every replaced token dead after the grace window. Bounded: 15 s
 * of traffic on 127.0.0.1 only.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LoadIT {

    private static final int CLIENTS = 200;
    private static final long RUN_NANOS = 15_000_000_000L;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.war("load")
                .param("zt.issuer", TestTokens.ISSUER)
                .param("zt.audience", TestTokens.AUDIENCE)
                .param("zt.public-key", "classpath:issuer.pem")
                .param("zt.session.ttl", "8s")
                .param("zt.session.refresh-before", "6s")
                .param("zt.session.rotation-grace", "3s")
                .param("zt.risk.rate.max-per-minute", "1000000")
                .param("zt.risk.rate.revoke-per-minute", "1000000")
                .param("zt.session.create-rate.per-client", "1000") // 200 clients share one loopback address
                .resource("issuer.pem", Wars.pem(ItKeys.IDP.getPublic()))
                .servlet(EchoServlet.class, "/*")
                .build();
    }

    @Test
    void twoHundredClientsWithConstantRefreshesSeeNoFalseRejection() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(32)).connectTimeout(Duration.ofSeconds(10)).build();
        String root = base.toString().replaceAll("/$", "");
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger refreshes = new AtomicInteger();
        Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
        List<String[]> replaced = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long deadline = System.nanoTime() + RUN_NANOS;
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String subject = "user-" + c;
                runs.add(clients.submit(() -> {
                    String access = TestTokens.valid(Instant.now()).claim("sub", subject).sign("RS256",
                            ItKeys.IDP.getPrivate());
                    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(root + "/zt/session"))
                            .header("Authorization", "Bearer " + access).POST(HttpRequest.BodyPublishers.noBody())
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (created.statusCode() != 200) {
                        unexpected.computeIfAbsent("create " + created.statusCode(), k -> new AtomicInteger())
                                .incrementAndGet();
                        return null;
                    }
                    String token = created.body().replaceAll(".*\"session_token\":\"([^\"]+)\".*", "$1");
                    while (System.nanoTime() < deadline) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/orders"))
                                .header("Authorization", "Bearer " + token).build(),
                                HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        if (r.statusCode() != 200) {
                            unexpected.computeIfAbsent(r.statusCode() + " " + r.body().replaceAll(
                                    ".*\"reason\":\"([^\"]+)\".*", "$1"), k -> new AtomicInteger()).incrementAndGet();
                            return null;
                        }
                        String fresh = r.headers().firstValue("X-Refreshed-Token").orElse(null);
                        if (fresh != null && !fresh.equals(token)) {
                            refreshes.incrementAndGet();
                            replaced.add(new String[] {token, fresh});
                            token = fresh;
                        }
                        Thread.sleep(50);
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(unexpected).as("false rejections and errors").isEmpty();
        assertThat(refreshes.get()).as("refreshes happened constantly").isGreaterThan(CLIENTS);
        assertThat(requests.get()).isGreaterThan(CLIENTS * 10);

        Thread.sleep(3500); // past the rotation grace: every replaced token is dead now
        int dead = 0;
        List<String[]> sample = new ArrayList<>(replaced.subList(0, Math.min(50, replaced.size())));
        for (String[] pair : sample) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/orders"))
                    .header("Authorization", "Bearer " + pair[0]).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401) {
                dead++;
            }
        }
        assertThat(dead).isEqualTo(sample.size());
    }
}
