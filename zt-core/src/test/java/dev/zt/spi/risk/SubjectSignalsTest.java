package dev.zt.spi.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What transmitters report about a subject stays bounded, and bounded in the direction that keeps refusals. */
class SubjectSignalsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aFloodOfCompliantReportsForgetsCompliantDevicesBeforeANonCompliantOne() {
        SubjectSignals s = SubjectSignals.none().withDevice("stolen-laptop",
                new SubjectSignals.Timed(SubjectSignals.NOT_COMPLIANT, T0));
        for (int i = 0; i < SubjectSignals.MAX_DEVICES * 2; i++) {
            s = s.withDevice("device-" + i, new SubjectSignals.Timed(SubjectSignals.COMPLIANT, T0.plusSeconds(1 + i)));
        }
        assertThat(s.devices()).hasSize(SubjectSignals.MAX_DEVICES);
        assertThat(s.notCompliant("stolen-laptop")).isTrue();
        assertThat(s.devices()).containsKey("device-" + (SubjectSignals.MAX_DEVICES * 2 - 1))
                .doesNotContainKey("device-0");
    }

    @Test
    void anOlderReportNeverOverwritesANewerOne() {
        SubjectSignals s = SubjectSignals.none().withDevice("d", new SubjectSignals.Timed(SubjectSignals.COMPLIANT,
                T0.plusSeconds(10)));
        assertThat(s.withDevice("d", new SubjectSignals.Timed(SubjectSignals.NOT_COMPLIANT, T0)).notCompliant("d"))
                .isFalse();
        assertThat(s.withDevice("d", new SubjectSignals.Timed(SubjectSignals.NOT_COMPLIANT, T0.plusSeconds(11)))
                .notCompliant("d")).isTrue();
    }
}
