package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.revocation.InMemoryReplayCache;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.internal.risk.InMemoryProfileStore;
import dev.zt.internal.risk.RiskHistory;
import dev.zt.internal.session.InMemorySessionStore;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.WindowStore;

import dev.zt.testing.LogCapture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every store failure is one answer, {@code 503 store_unavailable} with {@code Retry-After}, whichever store fails and
 * wherever it is asked (token revocation, session, risk context, a risk check's profile, a denial being counted);
 * never a 500, and one ERROR line per outage rather than one per request.
 */
class StoreOutageFilterTest {

    private final FilterFixture fx = new FilterFixture();
    /** The stores that fail now ({@code sessions}, {@code revocations}, ...), or methods ({@code windows.recordDenial}). */
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private LogCapture log;

    @TempDir
    Path dir;

    @BeforeEach
    void stores() throws Exception {
        Path geo = dir.resolve("geo.csv");
        Files.writeString(geo, "127.0.0.0/8,DE,52.52,13.40\n");
        fx.with("zt.geo.cidr-file", "file:" + geo);
        fx.customizers.add(b -> b
                .sessionStore(failing("sessions", SessionStore.class, new InMemorySessionStore(fx.clock, 1000,
                        Duration.ofMinutes(30), Duration.ofHours(8))))
                .revocationStore(failing("revocations", RevocationStore.class, new InMemoryRevocationStore(fx.clock,
                        1000, Duration.ofHours(24))))
                .profileStore(failing("profiles", ProfileStore.class, new InMemoryProfileStore(1000)))
                .windowStore(failing("windows", WindowStore.class, new RiskHistory(fx.clock, 1000,
                        Duration.ofMinutes(5), Duration.ofMinutes(15))))
                .replayCache(failing("replays", ReplayCache.class, new InMemoryReplayCache(fx.clock, 1000))));
        log = LogCapture.start("dev.zt", Level.SEVERE);
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        fx.close();
    }

    /** A store that throws like a client library whose backend is gone while its name is in {@link #down}. */
    private <T> T failing(String name, Class<T> type, T delegate) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            boolean fails = down.contains(name) || down.contains(name + "." + m.getName());
            if (fails && m.getDeclaringClass() != Object.class) {
                throw new IllegalStateException("connection refused: " + name);
            }
            try {
                return m.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static void assertStoreUnavailable(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("\"reason\":\"store_unavailable\"").doesNotContain("connection refused")
                .doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"revocations", "windows", "profiles"})
    void bearerRequestIsRefusedStoreUnavailableWhicheverStoreFails(String store) throws Exception {
        fx.start();
        assertThat(fx.server.get("/orders", fx.access()).statusCode()).isEqualTo(200);
        down.add(store);
        for (int i = 0; i < 10; i++) {
            assertStoreUnavailable(fx.server.get("/orders", fx.access()));
        }
        assertThat(log.records()).hasSize(1); // the outage, once: not a line per request
        assertThat(fx.engine.events().counters()).containsEntry("store_outage.application", 1L)
                .containsEntry("reason.store_unavailable", 10L);
    }

    @Test
    void sessionRequestIsRefusedStoreUnavailableWhenTheSessionStoreFails() throws Exception {
        fx.start();
        HttpResponse<String> exchanged = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer " + fx.access()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(exchanged.statusCode()).isEqualTo(200);
        String session = exchanged.body().replaceAll(".*\"session_token\":\"([^\"]+)\".*", "$1");
        assertThat(fx.server.get("/orders", session).statusCode()).isEqualTo(200);
        down.add("sessions");
        assertStoreUnavailable(fx.server.get("/orders", session));
        assertStoreUnavailable(fx.server.send(fx.server.request("/zt/session").header("Authorization", "Bearer "
                + fx.access()).POST(java.net.http.HttpRequest.BodyPublishers.noBody())));
        assertThat(log.records()).hasSize(1);
    }

    @Test
    void applicationRefusalStaysA403WhenItsDenialCannotBeCounted() throws Exception {
        fx.start();
        down.add("windows.recordDenial"); // read before the application answers, written after its 403: fail only then
        HttpResponse<String> denied = fx.server.get("/deny", fx.access());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(log.records()).hasSize(1);
    }

    @Test
    void recoversAtTheFirstRequestAfterTheStoreIsBack() throws Exception {
        fx.start();
        down.add("revocations");
        assertStoreUnavailable(fx.server.get("/orders", fx.access()));
        down.clear();
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) { // the next probe (within half a second) ends the outage
            status = fx.server.get("/orders", fx.access()).statusCode();
            if (status != 200) {
                assertThat(status).isEqualTo(503);
                Thread.sleep(50);
            }
        }
        assertThat(status).isEqualTo(200);
        assertThat(log.records()).hasSize(1);
    }
}
