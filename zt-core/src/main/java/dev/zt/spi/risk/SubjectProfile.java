package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Instant;
import java.util.HashMap;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What zt has learned about one subject: the countries and devices it is known to use (with when each country was first
 * seen), and its last location and time. Immutable; stores replace it whole. Bounded per subject: countries by the
 * country codes a {@link GeoLocator} returns, devices by {@link #MAX_DEVICES} (the longest known are forgotten first,
 * and a forgotten device asks for step-up again when it comes back).
 */
@AutoValue
public abstract class SubjectProfile {

    /** The most devices a profile knows; learning one more forgets the one known longest. */
    public static final int MAX_DEVICES = 32;

    private static final SubjectProfile EMPTY = of(Map.of(), Map.of(), Set.of(), null, null);
    private static final SubjectProfile UNKNOWN = new AutoValue_SubjectProfile(Map.of(), Map.of(), Set.of(),
            Optional.empty(), Optional.empty(), true, SubjectSignals.none());

    SubjectProfile() {
    }

    /** Creates a profile (collections copied read-only). */
    public static SubjectProfile of(Map<String, Instant> countries, Map<String, Instant> pendingCountries,
            Set<String> devices, @Nullable GeoLocation lastLocation, @Nullable Instant lastSeen) {
        return of(countries, pendingCountries, devices, lastLocation, lastSeen, false);
    }

    /** Creates a profile that may or may not have {@link #historyUnknown() lost its history}. */
    public static SubjectProfile of(Map<String, Instant> countries, Map<String, Instant> pendingCountries,
            Set<String> devices, @Nullable GeoLocation lastLocation, @Nullable Instant lastSeen, boolean historyUnknown) {
        return of(countries, pendingCountries, devices, lastLocation, lastSeen, historyUnknown, SubjectSignals.none());
    }

    /** Creates a profile with what Shared Signals transmitters reported about the subject. */
    public static SubjectProfile of(Map<String, Instant> countries, Map<String, Instant> pendingCountries,
            Set<String> devices, @Nullable GeoLocation lastLocation, @Nullable Instant lastSeen, boolean historyUnknown,
            SubjectSignals signals) {
        return new AutoValue_SubjectProfile(Map.copyOf(countries), Map.copyOf(pendingCountries), devices(devices),
                Optional.ofNullable(lastLocation), Optional.ofNullable(lastSeen), historyUnknown,
                Objects.requireNonNull(signals, "signals"));
    }

    /** The devices in the order given (the order they were learned), at most the last {@link #MAX_DEVICES}. */
    private static Set<String> devices(Set<String> devices) {
        LinkedHashSet<String> copy = new LinkedHashSet<>();
        int skip = devices.size() - MAX_DEVICES;
        for (String d : devices) {
            Objects.requireNonNull(d, "device");
            if (skip-- <= 0) {
                copy.add(d);
            }
        }
        return Collections.unmodifiableSet(copy);
    }

    /**
     * The profile of a subject whose history may have been lost (its store lost data): nothing is known, and nothing
     * is learned without a challenge, because the first country or device seen now may not be the subject's.
     */
    public static SubjectProfile unknown() {
        return UNKNOWN;
    }

    /** The profile of a subject never seen. */
    public static SubjectProfile empty() {
        return EMPTY;
    }

    /** Known countries, with when each was first seen. */
    public abstract Map<String, Instant> countries();

    /** Countries seen but not yet confirmed by a step-up, with when each was first seen. */
    public abstract Map<String, Instant> pendingCountries();

    /** True when the country is known. */
    public boolean knows(String country) {
        return countries().containsKey(country);
    }

    /** Known device ids, in the order they were learned (the oldest first); at most {@link #MAX_DEVICES}. */
    public abstract Set<String> devices();

    /** The last location with coordinates, when any. */
    public abstract Optional<GeoLocation> lastLocation();

    /** When {@link #lastLocation()} was seen. */
    public abstract Optional<Instant> lastSeen();

    /**
     * True when the subject's history may have been lost with its store's data: checks that learn the first country or
     * device without challenge ask for step-up instead. Kept by every {@code with...} copy.
     */
    public abstract boolean historyUnknown();

    /** What Shared Signals transmitters reported about the subject; kept by every {@code with...} copy. */
    public abstract SubjectSignals signals();

    /** A copy with these signals. */
    public SubjectProfile withSignals(SubjectSignals signals) {
        return of(countries(), pendingCountries(), devices(), lastLocation().orElse(null), lastSeen().orElse(null),
                historyUnknown(), signals);
    }

    /** A copy that also knows the country (first seen at {@code at}, unless already known). */
    public SubjectProfile withCountry(String country, Instant at) {
        if (countries().containsKey(country)) {
            return this;
        }
        Map<String, Instant> c = new HashMap<>(countries());
        c.put(country, at);
        Map<String, Instant> p = new HashMap<>(pendingCountries());
        p.remove(country);
        return of(c, p, devices(), lastLocation().orElse(null), lastSeen().orElse(null), historyUnknown(), signals());
    }

    /** A copy that records the country as seen but unconfirmed (first seen at {@code at}, unless already pending). */
    public SubjectProfile withPendingCountry(String country, Instant at) {
        if (pendingCountries().containsKey(country) || countries().containsKey(country)) {
            return this;
        }
        Map<String, Instant> p = new HashMap<>(pendingCountries());
        p.put(country, at);
        return of(countries(), p, devices(), lastLocation().orElse(null), lastSeen().orElse(null), historyUnknown(),
                signals());
    }

    /** A copy that also knows the device; at {@link #MAX_DEVICES}, the one known longest is forgotten. */
    public SubjectProfile withDevice(String device) {
        if (devices().contains(device)) {
            return this;
        }
        Set<String> d = new LinkedHashSet<>(devices());
        d.add(device);
        return of(countries(), pendingCountries(), d, lastLocation().orElse(null), lastSeen().orElse(null),
                historyUnknown(), signals());
    }

    /** A copy with a new last location. */
    public SubjectProfile withLastLocation(GeoLocation location, Instant at) {
        return of(countries(), pendingCountries(), devices(), Objects.requireNonNull(location),
                Objects.requireNonNull(at), historyUnknown(), signals());
    }

    @Override
    public final String toString() {
        return "SubjectProfile[countries=" + countries().keySet() + ", devices=" + devices().size()
                + (historyUnknown() ? ", history unknown" : "") + (signals().isEmpty() ? "" : ", " + signals()) + "]";
    }
}
