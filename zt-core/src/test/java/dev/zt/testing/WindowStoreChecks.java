package dev.zt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.spi.store.WindowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What every window store zt ships counts alike (the in-memory one and Redis's), checked against a clock the test
 * moves: windows per key, denials and events apart, and counts in steps of 1/60 of the window, never below the exact
 * count and above it by at most the times of the step the window's edge cuts.
 */
public final class WindowStoreChecks {

    private WindowStoreChecks() {
    }

    /** A minute's requests are counted, and forgotten once more than a minute old. */
    public static void requestsOfTheLastMinuteAreCountedAndForgottenAMinuteLater(WindowStore store, MutableClock clock) {
        for (int i = 0; i < 30; i++) {
            assertThat(store.recordRequest("s a")).isEqualTo(i + 1);
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.recordRequest("s a")).isEqualTo(31);
        clock.advance(Duration.ofMillis(30_001)); // the first 30 are 60.001 s old
        assertThat(store.recordRequest("s a")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.recordRequest("s a")).isEqualTo(1);
        assertThat(store.recordRequest("s b")).as("another key").isEqualTo(1);
    }

    /** {@code requests} requests at random gaps (seeded): each count within [exact, exact + the edge second]. */
    public static void aCountNeverFallsShortAndExceedsTheExactCountByAtMostTheStepItsEdgeCuts(WindowStore store,
            MutableClock clock, int requests, long seed) {
        Random r = new Random(seed);
        List<Long> times = new ArrayList<>();
        int windowStart = 0; // the first time within the last minute
        int edgeStart = 0; // the first time within a second before that (a step is one second of the minute)
        for (int i = 0; i < requests; i++) {
            clock.advance(Duration.ofMillis(r.nextInt(r.nextInt(10) == 0 ? 5_000 : 40)));
            long now = clock.millis();
            times.add(now);
            while (times.get(windowStart) < now - 60_000) {
                windowStart++;
            }
            while (times.get(edgeStart) < now - 60_000 - 999) {
                edgeStart++;
            }
            int exact = times.size() - windowStart;
            int edge = windowStart - edgeStart;
            assertThat(store.recordRequest("s a")).as("request %d", i).isBetween(exact, exact + edge);
        }
    }

    /** Denials (five minutes here) and events (their own window) are counted apart from requests. */
    public static void denialsAndEventsUseTheirOwnWindows(WindowStore store, MutableClock clock) {
        store.recordDenial("s a");
        store.recordDenial("s a");
        assertThat(store.recentDenials("s a")).isEqualTo(2);
        assertThat(store.recordRequestAndCountDenials("s a").recentDenials()).isEqualTo(2);
        assertThat(store.recordRequestAndCountDenials("s a").requestsLastMinute()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(4));
        assertThat(store.recentDenials("s a")).isEqualTo(2);
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(store.recentDenials("s a")).isZero();

        assertThat(store.recordEvent("k", Duration.ofSeconds(10))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.recordEvent("k", Duration.ofSeconds(10))).isEqualTo(2);
        assertThat(store.countEvents("k", Duration.ofSeconds(10))).isEqualTo(2);
        clock.advance(Duration.ofMillis(5_001));
        assertThat(store.countEvents("k", Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(store.countEvents("other", Duration.ofSeconds(10))).isZero();
    }
}
