package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.config.ZtConfig;
import dev.zt.internal.revocation.InMemoryReplayCache;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.internal.risk.InMemoryProfileStore;
import dev.zt.internal.risk.RiskHistory;
import dev.zt.internal.session.InMemorySessionStore;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.StoreSet;
import dev.zt.spi.store.WindowStore;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter gives each request one store budget (what makes a stalled Redis cost a request one
 * {@code zt.redis.timeout}, not one per lookup; see zt-store-redis's {@code RedisBudgetTest}): every call zt makes to
 * a shared store ({@code zt.store}) for the request runs within that request's budget, the budget is unbound before
 * the application runs, a denial the application answers is counted on what is left of it, and no budget outlives its
 * request on the container's thread. The shared store here is a provider of the test's own ({@code budget-probe},
 * discovered like any other) that records, for every call, which budget was bound to the calling thread.
 */
class StoreBudgetFilterTest {

    private final FilterFixture fx = new FilterFixture();
    private final Probe probe = new Probe();

    @TempDir
    Path dir;

    @BeforeEach
    void stores() throws Exception {
        Path geo = dir.resolve("geo.csv");
        Files.writeString(geo, "127.0.0.0/8,DE,52.52,13.40\n"); // the risk context reads the profile store too
        fx.with("zt.geo.cidr-file", "file:" + geo).with("zt.store", Probe.NAME);
        Path services = dir.resolve("services");
        Files.writeString(services, Probe.class.getName() + "\n", StandardCharsets.UTF_8);
        ProbeLoader loader = new ProbeLoader(probe, services.toUri().toURL());
        fx.customizers.add(b -> b.classLoader(loader));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private void started() throws Exception {
        fx.start();
        fx.server.onApplication(() -> probe.events.add("app " + probe.bound()));
    }

    /** The events of one request, which is expected to have been given one new budget. */
    private List<String> request(HttpRequest.Builder b, int status) throws Exception {
        probe.events.clear();
        HttpResponse<String> r = fx.server.send(b);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new ArrayList<>(probe.events);
    }

    private HttpRequest.Builder bearer(String path, String token) {
        return fx.server.request(path).header("Authorization", "Bearer " + token).GET();
    }

    /** The budget the request opened, after asserting that it was its first event and a new one. */
    private static String opened(List<String> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(0)).startsWith("open ");
        return events.get(0).substring("open ".length());
    }

    @Test
    void everyStoreCallOfARequestRunsWithinItsOneBudgetWhichIsUnboundBeforeTheApplication() throws Exception {
        started();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // the container reuses its threads: each request has a budget of its own
            List<String> events = request(bearer("/orders", fx.access()), 200);
            String budget = opened(events);
            List<String> calls = events.stream().filter(e -> e.startsWith("call ")).collect(Collectors.toList());
            assertThat(calls).as("revocation, replay, windows and profile lookups").hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(c -> assertThat(c).endsWith(" " + budget));
            assertThat(events).endsWith("close " + budget, "app -");
            assertThat(seen).doesNotContain(budget);
            seen.add(budget);
        }
    }

    @Test
    void sessionExchangeAndSessionRequestsSpendOneBudgetEach() throws Exception {
        started();
        List<String> exchange = request(fx.server.request("/zt/session").header("Authorization", "Bearer "
                + fx.access()).POST(HttpRequest.BodyPublishers.noBody()), 200);
        String first = opened(exchange);
        assertThat(exchange).anySatisfy(e -> assertThat(e).startsWith("call sessions."))
                .filteredOn(e -> e.startsWith("call ")).allSatisfy(e -> assertThat(e).endsWith(" " + first));
        assertThat(exchange).endsWith("close " + first).doesNotContain("app -");

        probe.events.clear();
        HttpResponse<String> exchanged = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer " + fx.access()).POST(HttpRequest.BodyPublishers.noBody()));
        String session = exchanged.body().replaceAll(".*\"session_token\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 3; i++) {
            fx.clock.advance(Duration.ofMinutes(4)); // due for refresh: a rotation is written too
            List<String> use = request(bearer("/orders", session), 200);
            String budget = opened(use);
            assertThat(use).anySatisfy(e -> assertThat(e).startsWith("call sessions."))
                    .filteredOn(e -> e.startsWith("call ")).allSatisfy(e -> assertThat(e).endsWith(" " + budget));
            assertThat(use).endsWith("close " + budget, "app -");
        }
    }

    @Test
    void denialTheApplicationAnswersIsCountedOnWhatIsLeftOfTheSameBudget() throws Exception {
        started();
        List<String> events = request(bearer("/deny", fx.access()), 403);
        String budget = opened(events);
        int app = events.indexOf("app -");
        assertThat(app).isPositive();
        assertThat(events.subList(0, app)).contains("close " + budget);
        assertThat(events.subList(app + 1, events.size())).containsExactly("resume " + budget,
                "call windows.recordDenial " + budget, "close " + budget);
    }

    @Test
    void refusedAndFailedRequestsLeaveNoBudgetBoundToTheThread() throws Exception {
        started();
        String revoked = fx.access(fx.token().claim("sub", "mallory"));
        fx.engine.revocations().revokeSubject(dev.zt.testing.TestTokens.ISSUER, "mallory",
                fx.clock.instant().plusSeconds(1));
        for (int i = 0; i < 3; i++) {
            List<String> refused = request(bearer("/orders", revoked), 401);
            String budget = opened(refused);
            assertThat(refused).endsWith("close " + budget).doesNotContain("app -");
            List<String> failed = request(bearer("/throw-store", fx.access()), 503); // the application's own refusal
            assertThat(failed).endsWith("close " + opened(failed), "app -");
            List<String> next = request(bearer("/orders", fx.access()), 200);
            String own = opened(next);
            assertThat(next).filteredOn(e -> e.startsWith("call ")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e).endsWith(" " + own));
        }
        probe.events.clear();
        assertThat(fx.server.get("/orders", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(probe.events).allSatisfy(e -> assertThat(e).doesNotStartWith("call ").doesNotEndWith(" -"));
    }

    /**
     * A store provider of the test's own: in-memory stores that record each call with the budget bound to the calling
     * thread ({@code -} for none), and budgets that keep the contract of {@link StoreProvider.Stores#budget} (resumed
     * when given back, {@link StoreProvider.Budget#NONE} within another one).
     */
    public static final class Probe implements StoreProvider {
        static final String NAME = "budget-probe";
        final List<String> events = new CopyOnWriteArrayList<>();
        private final ThreadLocal<Budget> bound = new ThreadLocal<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Stores create(ZtConfig config, Clock clock, ClassLoader loader) {
            Probe p = loader instanceof ProbeLoader ? ((ProbeLoader) loader).probe : this;
            return p.stores(clock);
        }

        String bound() {
            Budget b = bound.get();
            return b == null ? "-" : b.id;
        }

        private Stores stores(Clock clock) {
            return StoreSet.builder()
                    .sessions(recorded("sessions", SessionStore.class, new InMemorySessionStore(clock, 1000,
                            Duration.ofMinutes(30), Duration.ofHours(8))))
                    .revocations(recorded("revocations", RevocationStore.class, new InMemoryRevocationStore(clock,
                            1000, Duration.ofHours(24))))
                    .profiles(recorded("profiles", ProfileStore.class, new InMemoryProfileStore(1000)))
                    .windows(recorded("windows", WindowStore.class, new RiskHistory(clock, 1000,
                            Duration.ofMinutes(5), Duration.ofMinutes(15))))
                    .replays(recorded("replays", ReplayCache.class, new InMemoryReplayCache(clock, 1000)))
                    .budgets(this::budget)
                    .build();
        }

        private StoreProvider.Budget budget(StoreProvider.Budget resumed) {
            if (bound.get() != null) {
                return StoreProvider.Budget.NONE;
            }
            Budget b = resumed instanceof Budget ? (Budget) resumed : new Budget(String.valueOf(ids.incrementAndGet()));
            bound.set(b);
            events.add((b == resumed ? "resume " : "open ") + b.id);
            return b;
        }

        private <T> T recorded(String name, Class<T> type, T delegate) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                if (m.getDeclaringClass() != Object.class) {
                    events.add("call " + name + "." + m.getName() + " " + bound());
                }
                try {
                    return m.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        }

        private final class Budget implements StoreProvider.Budget {
            final String id;

            Budget(String id) {
                this.id = id;
            }

            @Override
            public void close() {
                if (bound.get() == this) {
                    bound.remove();
                    events.add("close " + id);
                }
            }
        }
    }

    /** The class loader the engine discovers its store provider with: it lists {@link Probe} and hands it over. */
    private static final class ProbeLoader extends ClassLoader {
        private static final String SERVICES = "META-INF/services/" + StoreProvider.class.getName();
        final Probe probe;
        private final URL services;

        ProbeLoader(Probe probe, URL services) {
            super(StoreBudgetFilterTest.class.getClassLoader());
            this.probe = probe;
            this.services = services;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals(SERVICES)) {
                List<URL> all = Collections.list(super.getResources(name));
                all.add(services);
                return Collections.enumeration(all);
            }
            return super.getResources(name);
        }
    }
}
