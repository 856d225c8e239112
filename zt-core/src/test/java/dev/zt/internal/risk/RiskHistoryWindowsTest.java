package dev.zt.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.MutableClock;
import dev.zt.testing.WindowStoreChecks;
import java.time.Duration;
import java.time.Instant;
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
        WindowStoreChecks.requestsOfTheLastMinuteAreCountedAndForgottenAMinuteLater(history, clock);
    }

    @Test
    void aCountNeverFallsShortAndExceedsTheExactCountByAtMostTheStepItsEdgeCuts() {
        WindowStoreChecks.aCountNeverFallsShortAndExceedsTheExactCountByAtMostTheStepItsEdgeCuts(history, clock, 20_000, 5);
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
        WindowStoreChecks.denialsAndEventsUseTheirOwnWindows(history, clock);
    }
}
