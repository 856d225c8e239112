package dev.zt.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-memory window store counts requests, denials and events per key in steps of 1/60 of the window: a count is
 * never below the exact count of the window, and above it by at most the times of the step the window's edge cuts;
 * a key's memory does not grow with its rate.
 */
class RiskHistoryWindowsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00.250Z"));
    private final RiskHistory history = new RiskHistory(clock, 1000, Duration.ofMinutes(5), Duration.ofMinutes(5));

    @Test
    void requestsOfTheLastMinuteAreCountedAndForgottenAMinuteLater() {
        for (int i = 0; i < 30; i++) {
            assertThat(history.recordRequest("s a")).isEqualTo(i + 1);
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(history.recordRequest("s a")).isEqualTo(31);
        clock.advance(Duration.ofMillis(30_001)); // the first 30 are 60.001 s old
        assertThat(history.recordRequest("s a")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(61));
        assertThat(history.recordRequest("s a")).isEqualTo(1);
        assertThat(history.recordRequest("s b")).as("another key").isEqualTo(1);
    }

    @Test
    void aCountNeverFallsShortAndExceedsTheExactCountByAtMostTheStepItsEdgeCuts() {
        Random r = new Random(5);
        java.util.List<Long> times = new java.util.ArrayList<>();
        int windowStart = 0; // the first time within the last minute
        int edgeStart = 0; // the first time within a second before that (a step is one second of the minute)
        for (int i = 0; i < 20_000; i++) {
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
            assertThat(history.recordRequest("s a")).as("request %d", i).isBetween(exact, exact + edge);
        }
    }

    @Test
    void aKeyKeepsAtMostAFewStepsWhateverItsRate() {
        RiskHistory.Windows w = new RiskHistory.Windows();
        RiskHistory.Times t = w.requests;
        long now = 1_000_000;
        for (int i = 0; i < 200_000; i++) { // 2,000 a second for 100 s
            now += i % 2;
            t.trim(now - 60_000);
            t.add(now, 1_000);
        }
        assertThat(t.steps()).isLessThanOrEqualTo(61);
        assertThat(t.size()).isBetween(95_000, 100_000); // saturated: at most 100,000, as Redis's store keeps
        for (int i = 0; i < 10_000; i++) { // a clock that stands still, then one that steps back: never more steps
            t.add(now, 1);
            t.add(now - i, 1);
        }
        assertThat(t.steps()).isLessThanOrEqualTo(128);
    }

    @Test
    void denialsAndEventsUseTheirOwnWindows() {
        history.recordDenial("s a");
        history.recordDenial("s a");
        assertThat(history.recentDenials("s a")).isEqualTo(2);
        clock.advance(Duration.ofMinutes(4));
        assertThat(history.recentDenials("s a")).isEqualTo(2);
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(history.recentDenials("s a")).isZero();

        assertThat(history.recordEvent("k", Duration.ofSeconds(10))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(history.recordEvent("k", Duration.ofSeconds(10))).isEqualTo(2);
        assertThat(history.countEvents("k", Duration.ofSeconds(10))).isEqualTo(2);
        clock.advance(Duration.ofMillis(5_001));
        assertThat(history.countEvents("k", Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(history.countEvents("other", Duration.ofSeconds(10))).isZero();
    }
}
