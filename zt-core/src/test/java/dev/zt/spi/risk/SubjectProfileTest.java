package dev.zt.spi.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A profile is bounded per subject: a subject that keeps bringing new devices cannot grow it without limit. */
class SubjectProfileTest {

    @Test
    void learningMoreThanMaxDevicesForgetsTheOnesKnownLongest() {
        SubjectProfile p = SubjectProfile.empty();
        for (int i = 0; i < SubjectProfile.MAX_DEVICES + 8; i++) {
            p = p.withDevice("device-" + i);
        }
        assertThat(p.devices()).hasSize(SubjectProfile.MAX_DEVICES);
        assertThat(p.devices()).doesNotContain("device-0", "device-7").contains("device-8",
                "device-" + (SubjectProfile.MAX_DEVICES + 7));
        assertThat(new ArrayList<>(p.devices()).get(0)).isEqualTo("device-8"); // oldest first
        // a device seen again is not learned again, and keeps its place
        assertThat(p.withDevice("device-8")).isSameAs(p);
    }

    @Test
    void aProfileMadeFromMoreDevicesKeepsTheLastOnesInTheirOrder() {
        Set<String> many = new LinkedHashSet<>();
        for (int i = 0; i < 100; i++) {
            many.add("d" + i);
        }
        SubjectProfile p = SubjectProfile.of(Map.of("DE", Instant.EPOCH), Map.of(), many, null, null);
        List<String> kept = new ArrayList<>(p.devices());
        assertThat(kept).hasSize(SubjectProfile.MAX_DEVICES);
        assertThat(kept.get(0)).isEqualTo("d" + (100 - SubjectProfile.MAX_DEVICES));
        assertThat(kept.get(kept.size() - 1)).isEqualTo("d99");
        assertThatThrownBy(() -> p.devices().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNullDeviceIsRefused() {
        Set<String> withNull = new LinkedHashSet<>();
        withNull.add(null);
        assertThatThrownBy(() -> SubjectProfile.of(Map.of(), Map.of(), withNull, null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
