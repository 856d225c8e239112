package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Shared Signals transmitters reported about one subject (OpenID CAEP 1.0), kept in its {@link SubjectProfile}
 * so that the next request's decision sees it on every node: the risk level ({@code risk-level-change}), a lowered
 * assurance ({@code assurance-level-change}: authentications before {@link Timed#at()} count as {@code acr}
 * {@link Timed#value()} at most), and the compliance of devices ({@code device-compliance-change}). Each value keeps
 * the time of the event that set it, and an older event never overwrites a newer one, so events may arrive late, out
 * of order or twice. Immutable; bounded ({@link #MAX_DEVICES} devices: compliant ones are forgotten before
 * non-compliant ones, the oldest first, so that a flood of reports cannot push out a device that must stay refused).
 */
@AutoValue
public abstract class SubjectSignals {

    /** The most devices whose compliance is remembered. */
    public static final int MAX_DEVICES = 32;
    /** A device's value when its last event said it is not compliant. */
    public static final String NOT_COMPLIANT = "not-compliant";
    /** A device's value when its last event said it is compliant. */
    public static final String COMPLIANT = "compliant";

    private static final SubjectSignals NONE = new AutoValue_SubjectSignals(Optional.empty(), Optional.empty(),
            Map.of());

    SubjectSignals() {
    }

    /** A reported value and the time of the event that reported it. Immutable. */
    public static final class Timed {
        private final String value;
        private final Instant at;

        /** Creates a value reported at {@code at}. */
        public Timed(String value, Instant at) {
            this.value = Objects.requireNonNull(value, "value");
            this.at = Objects.requireNonNull(at, "at");
        }

        /** The value. */
        public String value() {
            return value;
        }

        /** When the event happened. */
        public Instant at() {
            return at;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Timed && ((Timed) o).value.equals(value) && ((Timed) o).at.equals(at);
        }

        @Override
        public int hashCode() {
            return value.hashCode() * 31 + at.hashCode();
        }

        @Override
        public String toString() {
            return value + "@" + at;
        }
    }

    /** Nothing reported. */
    public static SubjectSignals none() {
        return NONE;
    }

    /**
     * Creates the signals (the map copied; at most {@link #MAX_DEVICES} kept: non-compliant before compliant, then the
     * latest).
     */
    public static SubjectSignals of(@Nullable Timed riskLevel, @Nullable Timed assurance, Map<String, Timed> devices) {
        Map<String, Timed> kept = new LinkedHashMap<>();
        java.util.Comparator<Timed> refusedFirst = java.util.Comparator.comparing(
                (Timed t) -> !NOT_COMPLIANT.equals(t.value()));
        devices.entrySet().stream().sorted(Map.Entry.comparingByValue(refusedFirst.thenComparing(Timed::at,
                java.util.Comparator.reverseOrder()))).limit(MAX_DEVICES)
                .forEach(e -> kept.put(Objects.requireNonNull(e.getKey(), "device"), e.getValue()));
        return new AutoValue_SubjectSignals(Optional.ofNullable(riskLevel), Optional.ofNullable(assurance),
                Collections.unmodifiableMap(kept));
    }

    /** The risk level last reported ({@code low}, {@code medium}, {@code high}). */
    public abstract Optional<Timed> riskLevel();

    /** The assurance last reported as lowered: authentications before its time count as its {@code acr} at most. */
    public abstract Optional<Timed> assurance();

    /** Devices by id, each with its last reported compliance ({@link #COMPLIANT} or {@link #NOT_COMPLIANT}). */
    public abstract Map<String, Timed> devices();

    /** True when the device's last report says it is not compliant. */
    public boolean notCompliant(String device) {
        Timed t = devices().get(device);
        return t != null && NOT_COMPLIANT.equals(t.value());
    }

    /** True when nothing is reported. */
    public boolean isEmpty() {
        return riskLevel().isEmpty() && assurance().isEmpty() && devices().isEmpty();
    }

    /** A copy with the risk level, unless a newer report exists. */
    public SubjectSignals withRiskLevel(Timed level) {
        return newer(level, riskLevel().orElse(null)) ? of(level, assurance().orElse(null), devices()) : this;
    }

    /** A copy with the lowered assurance, unless a newer report exists. */
    public SubjectSignals withAssurance(Timed acr) {
        return newer(acr, assurance().orElse(null)) ? of(riskLevel().orElse(null), acr, devices()) : this;
    }

    /** A copy with the device's compliance, unless a newer report exists. */
    public SubjectSignals withDevice(String device, Timed compliance) {
        if (!newer(compliance, devices().get(device))) {
            return this;
        }
        Map<String, Timed> d = new LinkedHashMap<>(devices());
        d.put(device, compliance);
        return of(riskLevel().orElse(null), assurance().orElse(null), d);
    }

    private static boolean newer(Timed candidate, Timed current) {
        return current == null || !candidate.at().isBefore(current.at());
    }

    @Override
    public final String toString() {
        return "SubjectSignals[risk=" + riskLevel().map(Timed::toString).orElse("-") + ", assurance="
                + assurance().map(Timed::toString).orElse("-") + ", devices=" + devices().size() + "]";
    }
}
