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
 * What zt has learned about one subject: the countries, provider networks and devices it is known to use (with when
 * each country and network was first seen), its last location and time, and its behaviour {@link Baseline}. Immutable;
 * stores replace it whole. Bounded per subject: countries by the country codes a {@link GeoLocator} returns, networks by
 * {@link #MAX_NETWORKS}, devices by {@link #MAX_DEVICES} (the longest known are forgotten first, and a forgotten one
 * asks for step-up again when it comes back), the baseline by its own bounds.
 */
@AutoValue
public abstract class SubjectProfile {

    /** The most devices a profile knows; learning one more forgets the one known longest. */
    public static final int MAX_DEVICES = 32;
    /** The most provider networks (AS numbers) a profile knows, and holds pending; the oldest are forgotten first. */
    public static final int MAX_NETWORKS = 16;

    private static final SubjectProfile EMPTY = of(Map.of(), Map.of(), Set.of(), null, null);
    private static final SubjectProfile UNKNOWN = EMPTY.toBuilder().historyUnknown(true).build();

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
        return new AutoValue_SubjectProfile.Builder().countries(countries).pendingCountries(pendingCountries)
                .devices(devices).lastLocation(lastLocation).lastSeen(lastSeen).historyUnknown(historyUnknown)
                .signals(signals).networks(Map.of()).pendingNetworks(Map.of()).baseline(Baseline.empty()).build();
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

    /** At most {@link #MAX_NETWORKS} networks, the most recently seen kept. */
    private static Map<String, Instant> networks(Map<String, Instant> networks) {
        if (networks.size() <= MAX_NETWORKS) {
            return Map.copyOf(networks);
        }
        Map<String, Instant> kept = new HashMap<>();
        networks.entrySet().stream().sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
                .limit(MAX_NETWORKS).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return Map.copyOf(kept);
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

    /** The countries known, with when each was first seen. */
    public abstract Map<String, Instant> countries();

    /** Countries seen but not yet confirmed by a step-up, with when each was first seen. */
    public abstract Map<String, Instant> pendingCountries();

    /** True when the country is known. */
    public boolean knows(String country) {
        return countries().containsKey(country);
    }

    /** The devices known, in the order they were learned. */
    public abstract Set<String> devices();

    /** The last located request's location. */
    public abstract Optional<GeoLocation> lastLocation();

    /** When the last located request was made. */
    public abstract Optional<Instant> lastSeen();

    /**
     * True when the subject's history may have been lost (the store lost data): nothing is learned without a
     * challenge.
     */
    public abstract boolean historyUnknown();

    /** What Shared Signals transmitters reported about the subject. */
    public abstract SubjectSignals signals();

    /** The provider networks ({@code AS<number>}) the subject is known to use, with when each was confirmed. */
    public abstract Map<String, Instant> networks();

    /** Networks seen but not yet confirmed by a step-up, with when each was first seen. */
    public abstract Map<String, Instant> pendingNetworks();

    /** How the subject usually behaves (request rate, hours, endpoints). */
    public abstract Baseline baseline();

    /** A builder holding this profile's values. */
    public abstract Builder toBuilder();

    /** A copy with these signals. */
    public SubjectProfile withSignals(SubjectSignals signals) {
        return toBuilder().signals(signals).build();
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
        return toBuilder().countries(c).pendingCountries(p).build();
    }

    /** A copy that records the country as seen but unconfirmed (first seen at {@code at}, unless already pending). */
    public SubjectProfile withPendingCountry(String country, Instant at) {
        if (pendingCountries().containsKey(country) || countries().containsKey(country)) {
            return this;
        }
        Map<String, Instant> p = new HashMap<>(pendingCountries());
        p.put(country, at);
        return toBuilder().pendingCountries(p).build();
    }

    /** A copy that also knows the network; at {@link #MAX_NETWORKS}, the one confirmed longest ago is forgotten. */
    public SubjectProfile withNetwork(String network, Instant at) {
        if (networks().containsKey(network)) {
            return this;
        }
        Map<String, Instant> n = new HashMap<>(networks());
        n.put(network, at);
        Map<String, Instant> p = new HashMap<>(pendingNetworks());
        p.remove(network);
        return toBuilder().networks(n).pendingNetworks(p).build();
    }

    /** A copy that records the network as seen but unconfirmed (unless already pending or known). */
    public SubjectProfile withPendingNetwork(String network, Instant at) {
        if (pendingNetworks().containsKey(network) || networks().containsKey(network)) {
            return this;
        }
        Map<String, Instant> p = new HashMap<>(pendingNetworks());
        p.put(network, at);
        return toBuilder().pendingNetworks(p).build();
    }

    /** A copy that also knows the device; at {@link #MAX_DEVICES}, the one known longest is forgotten. */
    public SubjectProfile withDevice(String device) {
        if (devices().contains(device)) {
            return this;
        }
        Set<String> d = new LinkedHashSet<>(devices());
        d.add(device);
        return toBuilder().devices(d).build();
    }

    /** A copy with a new last location. */
    public SubjectProfile withLastLocation(GeoLocation location, Instant at) {
        return toBuilder().lastLocation(Objects.requireNonNull(location)).lastSeen(Objects.requireNonNull(at)).build();
    }

    /** A copy with this baseline. */
    public SubjectProfile withBaseline(Baseline baseline) {
        return toBuilder().baseline(baseline).build();
    }

    @Override
    public final String toString() {
        return "SubjectProfile[countries=" + countries().keySet() + ", devices=" + devices().size()
                + (networks().isEmpty() ? "" : ", networks=" + networks().keySet())
                + (historyUnknown() ? ", history unknown" : "") + (signals().isEmpty() ? "" : ", " + signals())
                + (baseline().samples() == 0 ? "" : ", " + baseline()) + "]";
    }

    /** Builds a profile (collections copied read-only and bounded). */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The countries known. */
        public abstract Builder countries(Map<String, Instant> v);

        /** The countries pending. */
        public abstract Builder pendingCountries(Map<String, Instant> v);

        /** The devices, oldest first. */
        public abstract Builder devices(Set<String> v);

        /** The last location. */
        public abstract Builder lastLocation(@Nullable GeoLocation v);

        /** When it was seen. */
        public abstract Builder lastSeen(@Nullable Instant v);

        /** Whether the history may have been lost. */
        public abstract Builder historyUnknown(boolean v);

        /** Shared Signals. */
        public abstract Builder signals(SubjectSignals v);

        /** The networks known. */
        public abstract Builder networks(Map<String, Instant> v);

        /** The networks pending. */
        public abstract Builder pendingNetworks(Map<String, Instant> v);

        /** The behaviour baseline. */
        public abstract Builder baseline(Baseline v);

        abstract Map<String, Instant> countries();

        abstract Map<String, Instant> pendingCountries();

        abstract Set<String> devices();

        abstract Map<String, Instant> networks();

        abstract Map<String, Instant> pendingNetworks();

        abstract SubjectProfile autoBuild();

        /** Builds the profile. */
        public SubjectProfile build() {
            countries(Map.copyOf(countries()));
            pendingCountries(Map.copyOf(pendingCountries()));
            devices(SubjectProfile.devices(devices()));
            networks(SubjectProfile.networks(networks()));
            pendingNetworks(SubjectProfile.networks(pendingNetworks()));
            return autoBuild();
        }
    }
}
