package dev.zt.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ZtConfig;
import dev.zt.spi.store.StoreProvider;
import dev.zt.store.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One budget per request on a real Redis: the commands zt sends for one request share one {@code zt.redis.timeout};
 * once it is spent the rest fail at once and are not sent, so a stalled Redis costs a request one timeout, not one per
 * lookup. The time a command waited is read from a clock the test moves (a stalled server is used where the test needs
 * a real late answer); nothing here asserts on elapsed time.
 */
class RedisBudgetTest {

    private static final String KEY = "zt-test:count";

    private RedisServer server;
    private RedisClient direct;
    private final List<Redis> clients = new ArrayList<>();
    /** The client's monotonic clock: every reading moves it on by {@link #step}. */
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong step = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        server = new RedisServer();
        direct = RedisClient.create(server.uri());
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(Redis::close);
        direct.shutdown();
        server.close();
    }

    private Redis client(String timeout) {
        return client(timeout, () -> now.addAndGet(step.get()));
    }

    private Redis client(String timeout, LongSupplier nanos) {
        Map<String, String> m = new HashMap<>();
        m.put("zt.issuer", "https://idp.example.test");
        m.put("zt.audience", "api");
        m.put("zt.jwks-uri", "https://idp.example.test/certs");
        m.put("zt.redis.uri", server.uri());
        m.put("zt.redis.timeout", timeout);
        Redis r = new Redis(new RedisSettings(ZtConfig.fromMap(m)), Clock.systemUTC(), Duration.ofHours(1), key -> { },
                nanos);
        clients.add(r);
        assertThat(r.awaitFirstCheck(Duration.ofSeconds(10))).isEmpty();
        return r;
    }

    private RedisCommands<String, String> admin() {
        return direct.connect().sync();
    }

    private static long increment(Redis r) {
        return r.call(c -> c.incr(KEY));
    }

    private long count() {
        String v = admin().get(KEY);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Test
    void commandsWithinOneBudgetShareOneTimeoutAndOnceSpentTheRestFailAtOnceUnsent() {
        Redis r = client("300ms");
        step.set(Duration.ofMillis(100).toNanos()); // each command is read as taking 100 ms
        try (StoreProvider.Budget b = r.budget(null)) {
            assertThat(b).isNotSameAs(StoreProvider.Budget.NONE);
            assertThat(increment(r)).isEqualTo(1);
            assertThat(increment(r)).isEqualTo(2);
            assertThat(increment(r)).isEqualTo(3); // 300 ms spent: the budget is gone
            assertThatThrownBy(() -> increment(r)).isInstanceOf(RedisCommandTimeoutException.class)
                    .hasMessageContaining("spent its budget").hasMessageContaining("zt.redis.timeout")
                    .hasMessageContaining("not sent");
            assertThatThrownBy(() -> increment(r)).hasMessageContaining("spent its budget");
        }
        assertThat(count()).isEqualTo(3); // the refused commands never reached Redis
    }

    @Test
    void withoutABudgetEveryCommandHasTheWholeTimeout() {
        Redis r = client("300ms");
        step.set(Duration.ofMillis(100).toNanos());
        for (int i = 1; i <= 10; i++) {
            assertThat(increment(r)).isEqualTo(i);
        }
    }

    @Test
    void closedBudgetNoLongerLimitsTheThreadAndANewRequestStartsAfresh() {
        Redis r = client("300ms");
        step.set(Duration.ofMillis(200).toNanos());
        StoreProvider.Budget first = r.budget(null);
        increment(r);
        increment(r);
        assertThatThrownBy(() -> increment(r)).hasMessageContaining("spent its budget");
        first.close();
        first.close(); // twice does nothing
        assertThat(increment(r)).isEqualTo(3); // the application's own time, outside zt's budget
        try (StoreProvider.Budget second = r.budget(null)) {
            assertThat(second).isNotSameAs(first);
            assertThat(increment(r)).isEqualTo(4);
        }
    }

    @Test
    void resumedBudgetGoesOnSpendingWhatTheSameRequestBegan() {
        Redis r = client("300ms");
        step.set(Duration.ofMillis(200).toNanos());
        StoreProvider.Budget mechanism = r.budget(null); // zt-cdi's mechanism authenticates the request
        increment(r);
        increment(r);
        mechanism.close();
        try (StoreProvider.Budget filter = r.budget(mechanism)) { // the filter continues the same request
            assertThat(filter).isSameAs(mechanism);
            assertThatThrownBy(() -> increment(r)).hasMessageContaining("spent its budget");
        }
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void budgetOfAnotherClientIsNotResumedAndANestedBudgetLeavesTheOuterInForce() {
        Redis r = client("300ms");
        Redis other = client("300ms");
        step.set(Duration.ofMillis(200).toNanos());
        StoreProvider.Budget foreign = other.budget(null);
        foreign.close();
        try (StoreProvider.Budget b = r.budget(foreign)) {
            assertThat(b).isNotSameAs(foreign);
            increment(r);
            StoreProvider.Budget nested = r.budget(null);
            assertThat(nested).isSameAs(StoreProvider.Budget.NONE);
            nested.close(); // closing the nested one does not end the outer
            increment(r);
            assertThatThrownBy(() -> increment(r)).hasMessageContaining("spent its budget");
        }
        assertThat(r.budget(StoreProvider.Budget.NONE)).isNotSameAs(StoreProvider.Budget.NONE); // NONE is not resumed
    }

    @Test
    void budgetBoundOnOneThreadDoesNotLimitAnother() throws Exception {
        Redis r = client("300ms");
        step.set(Duration.ofMillis(200).toNanos());
        try (StoreProvider.Budget b = r.budget(null)) {
            increment(r);
            increment(r);
            long[] seen = new long[1];
            Thread t = new Thread(() -> seen[0] = increment(r)); // another request's thread: no budget of its own
            t.start();
            t.join(10_000);
            assertThat(seen[0]).isEqualTo(3);
            assertThatThrownBy(() -> increment(r)).hasMessageContaining("spent its budget");
        }
    }

    @Test
    void stalledRedisCostsARequestOneTimeoutNotOnePerCommand() {
        Redis r = client("300ms", System::nanoTime); // real time: the first answer is really late
        admin().clientPause(3000); // Redis answers nobody for 3 s
        try (StoreProvider.Budget b = r.budget(null)) {
            assertThatThrownBy(() -> increment(r)).isInstanceOf(RedisCommandTimeoutException.class)
                    .hasMessageContaining("no answer within");
            for (int i = 0; i < 5; i++) { // every further lookup of the request: refused at once, never sent
                assertThatThrownBy(() -> increment(r)).hasMessageContaining("spent its budget");
            }
        }
        // once the pause is over, only the first command (sent, then given up on) was applied
        RedisCommands<String, String> a = admin();
        a.setTimeout(Duration.ofSeconds(10)); // waits out the rest of the pause
        assertThat(a.get(KEY)).isEqualTo("1");
    }
}
