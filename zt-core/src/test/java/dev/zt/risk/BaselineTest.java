package dev.zt.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.spi.risk.Baseline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

/** The behaviour baseline's moving statistics, hours and bounds. */
class BaselineTest {

    private static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void theRateConvergesToTheUsualRateWithItsSpread() {
        Baseline b = Baseline.empty();
        for (int i = 0; i < 500; i++) {
            b = b.withSample(NINE.plus(Duration.ofMinutes(i)), i % 2 == 0 ? 4 : 8);
        }
        assertThat(b.samples()).isEqualTo(500);
        assertThat(b.rateMean()).isBetween(5.5, 6.5);
        assertThat(b.rateStdDev()).isBetween(1.5, 2.5);
        assertThat(b.sampledIn(NINE.plus(Duration.ofMinutes(499)).plusSeconds(30))).isTrue();
        assertThat(b.sampledIn(NINE.plus(Duration.ofMinutes(500)))).isFalse();
    }

    @Test
    void hoursAreCountedAndFadeWhenLarge() {
        Baseline b = Baseline.empty();
        for (int i = 0; i < 3000; i++) {
            b = b.withSample(NINE.plus(Duration.ofMinutes(i % 60)), 1);
        }
        assertThat(b.hoursTotal()).isLessThan(2000);
        assertThat(b.hourShare(NINE)).isEqualTo(1.0);
        assertThat(b.hourShare(NINE.plus(Duration.ofHours(12)))).isZero();
    }

    @Test
    void templatesAreKeptAsHashesBoundedForgettingTheOldest() {
        Baseline b = Baseline.empty();
        for (int i = 0; i < Baseline.MAX_TEMPLATES + 10; i++) {
            b = b.withTemplate("/t" + i);
        }
        assertThat(b.templateCount()).isEqualTo(Baseline.MAX_TEMPLATES);
        assertThat(b.knowsTemplate("/t0")).isFalse();
        assertThat(b.knowsTemplate("/t73")).isTrue();
        assertThat(b.withTemplate("/t73")).isSameAs(b);
        long[] many = new long[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = Baseline.templateHash("/x" + i);
        }
        Baseline stored = Baseline.of(1, 1, 1, 1, new int[24], many);
        assertThat(stored.templateCount()).isEqualTo(Baseline.MAX_TEMPLATES);
        assertThat(stored.knowsTemplate("/x199")).isTrue();
        assertThat(stored.knowsTemplate("/x0")).isFalse();
        assertThatThrownBy(() -> Baseline.of(1, Double.NaN, 1, 1, new int[24], new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Baseline.of(1, 1, 1, 1, new int[23], new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
