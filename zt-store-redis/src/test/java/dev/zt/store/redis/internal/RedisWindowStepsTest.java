package dev.zt.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.config.ZtConfig;
import dev.zt.store.redis.RedisServer;
import dev.zt.testing.MutableClock;
import dev.zt.testing.WindowStoreChecks;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis's rate and behaviour windows, on a real Redis, counted as the in-memory store counts them: in steps of 1/60 of
 * the window, never below the exact count and above it by at most the step the window's edge cuts, in a hash of at
 * most 61 steps from one clock (128 whatever the clocks), so that a busy session costs Redis a few kilobytes, not a
 * member per request. The store's clock is one the test moves.
 */
class RedisWindowStepsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00.250Z"));
    private RedisServer server;
    private RedisClient direct;
    private RedisCommands<String, String> admin;
    private Redis redis;
    private RedisWindowStore windows;

    @BeforeEach
    void start() throws Exception {
        server = new RedisServer();
        direct = RedisClient.create(server.uri());
        admin = direct.connect().sync();
        redis = new Redis(new RedisSettings(ZtConfig.fromMap(Map.of("zt.issuer", "https://idp.example.test",
                "zt.audience", "api", "zt.jwks-uri", "https://idp.example.test/certs", "zt.redis.uri", server.uri()))),
                Clock.systemUTC(), Duration.ofHours(1), key -> { }, System::nanoTime);
        assertThat(redis.awaitFirstCheck(Duration.ofSeconds(10))).isEmpty();
        windows = new RedisWindowStore(redis, "zt:", clock, Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
        direct.shutdown();
        server.close();
    }

    @Test
    void requestsOfTheLastMinuteAreCountedAndForgottenAMinuteLater() {
        WindowStoreChecks.requestsOfTheLastMinuteAreCountedAndForgottenAMinuteLater(windows, clock);
        assertThat(admin.pttl("zt:ws:r:s a")).as("a window expires with its last step").isBetween(1L, 62_000L);
    }

    @Test
    void aCountNeverFallsShortAndExceedsTheExactCountByAtMostTheStepItsEdgeCuts() {
        WindowStoreChecks.aCountNeverFallsShortAndExceedsTheExactCountByAtMostTheStepItsEdgeCuts(windows, clock, 6_000, 7);
    }

    @Test
    void aBusySessionsWindowKeepsAtMostSixtyOneStepsAndAFewKilobytes() {
        for (int i = 0; i < 18_000; i++) { // 200 requests a second for 90 s
            clock.advance(Duration.ofMillis(5));
            windows.recordRequestAndCountDenials("s busy");
        }
        assertThat(admin.hlen("zt:ws:r:s busy") - 1).as("steps, besides the running total").isBetween(60L, 61L);
        Map<String, String> steps = new java.util.HashMap<>(admin.hgetall("zt:ws:r:s busy"));
        String[] total = steps.remove("s").split(":"); // lo:sum:n, kept by every request instead of summed
        long sum = steps.values().stream().mapToLong(v -> Long.parseLong(v.substring(v.indexOf(':') + 1))).sum();
        long oldest = steps.values().stream().mapToLong(v -> Long.parseLong(v.substring(0, v.indexOf(':')))).min()
                .orElseThrow();
        assertThat(Long.parseLong(total[1])).as("the running total's sum").isEqualTo(sum);
        assertThat(Long.parseLong(total[2])).as("its steps").isEqualTo(steps.size());
        assertThat(Long.parseLong(total[0])).as("no step's newest time before its lo").isLessThanOrEqualTo(oldest);
        assertThat(admin.memoryUsage("zt:ws:r:s busy")).as("bytes (a sorted set of 12,000 members: ~1 MB)")
                .isLessThan(4_096L);
        assertThat(windows.recordRequest("s busy")).isBetween(12_002, 12_202); // 12,002 exactly, and the edge's second
    }

    @Test
    void aClockThatStepsBackNeverGrowsAWindowPastItsBoundAndNoTimeLeavesIt() {
        Instant start = clock.instant();
        for (int i = 0; i < 300; i++) { // 300 steps, each a second before the last: all in the window of the last
            clock.set(start.plusSeconds(300 - i));
            windows.recordEvent("k", Duration.ofMinutes(1));
            assertThat(admin.hlen("zt:ws:e:k")).isLessThanOrEqualTo(128L);
        }
        assertThat(windows.countEvents("k", Duration.ofMinutes(1))).isEqualTo(300);
        clock.set(start.plusSeconds(300 + 61));
        assertThat(windows.countEvents("k", Duration.ofMinutes(1))).isZero();
    }

    @Test
    void aWindowCountsAtMostOneHundredThousandTimes() {
        windows.recordRequest("s a");
        admin.hset("zt:ws:r:s a", Long.toString(clock.millis() + 1_000), clock.millis() + ":99998"); // as if 99,998 more had come
        admin.hdel("zt:ws:r:s a", "s"); // and without its running total: the next request sums every step
        assertThat(windows.recordRequest("s a")).isEqualTo(100_000);
        admin.pexpire("zt:ws:r:s a", 100);
        assertThat(windows.recordRequest("s a")).isEqualTo(100_000);
        assertThat(admin.pttl("zt:ws:r:s a")).as("a full window still lives as long as requests come")
                .isGreaterThan(60_000L);
        admin.hdel("zt:ws:r:s a", "s");
        assertThat(admin.hvals("zt:ws:r:s a").stream().mapToLong(v -> Long.parseLong(v.substring(v.indexOf(':') + 1)))
                .sum()).isEqualTo(100_000L);
    }

    @Test
    void denialsAndEventsUseTheirOwnWindows() {
        WindowStoreChecks.denialsAndEventsUseTheirOwnWindows(windows, clock);
    }

    @Test
    void scriptsAreSentByTheirDigestAndAgainInFullAfterRedisForgotThem() {
        windows.recordRequest("s a");
        admin.scriptFlush();
        assertThat(windows.recordRequest("s a")).isEqualTo(2); // NOSCRIPT: sent again with its text
        admin.configResetstat();
        for (int i = 0; i < 5; i++) {
            windows.recordRequestAndCountDenials("s a");
        }
        String stats = admin.info("commandstats");
        assertThat(stats).contains("cmdstat_evalsha:calls=5,");
    }

    @Test
    void theSortedSetsOfAnEarlierVersionDoNotBreakTheWindows() {
        admin.zadd("zt:w:r:s a", clock.millis(), clock.millis() + ":1"); // a node of an earlier version, mid-upgrade
        admin.zadd("zt:w:d:s a", clock.millis(), clock.millis() + ":2");
        assertThat(windows.recordRequest("s a")).isEqualTo(1);
        assertThat(windows.recordRequestAndCountDenials("s a").recentDenials()).isZero();
    }
}
