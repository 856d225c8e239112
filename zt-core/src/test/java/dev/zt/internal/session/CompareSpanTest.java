package dev.zt.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The session check's time comparisons (idle timeout, max lifetime, refresh, touch granularity) are made without
 * allocating: they must order spans exactly as {@link Duration#between} does, to the nanosecond and across seconds.
 */
class CompareSpanTest {

    @Test
    void spansCompareAsDurationBetweenDoes() {
        Random r = new Random(11);
        Instant base = Instant.parse("2026-12-07T10:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            Instant from = base.plusSeconds(r.nextInt(5)).plusNanos(r.nextInt(1_000_000_000));
            Instant to = r.nextInt(4) == 0 ? from.plusNanos(r.nextInt(3) - 1)
                    : base.plusSeconds(r.nextInt(5)).plusNanos(r.nextInt(1_000_000_000));
            Duration between = Duration.between(from, to);
            Duration limit;
            switch (r.nextInt(3)) {
                case 0:
                    limit = between; // equal spans: 0
                    break;
                case 1:
                    limit = between.plusNanos(r.nextInt(3) - 1);
                    break;
                default:
                    limit = Duration.ofSeconds(r.nextInt(5) - 1, r.nextInt(1_000_000_000));
            }
            assertThat(Integer.signum(DefaultSessionManager.compareSpan(from, to, limit)))
                    .as("%s .. %s vs %s", from, to, limit).isEqualTo(Integer.signum(between.compareTo(limit)));
        }
    }

    @Test
    void theExtremesOfInstantDoNotOverflow() {
        assertThat(DefaultSessionManager.compareSpan(Instant.MIN, Instant.MAX, Duration.ofDays(1))).isPositive();
        assertThat(DefaultSessionManager.compareSpan(Instant.MAX, Instant.MIN, Duration.ZERO)).isNegative();
        assertThat(DefaultSessionManager.compareSpan(Instant.MIN, Instant.MAX, Duration.between(Instant.MIN,
                Instant.MAX))).isZero();
    }
}
