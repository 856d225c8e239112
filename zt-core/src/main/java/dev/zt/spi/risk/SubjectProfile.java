package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What zt has learned about one subject: the countries and devices it is known to use (with when each country was first
 * seen), and its last location and time. Immutable; stores replace it whole.
 */
@AutoValue
public abstract class SubjectProfile {

    private static final SubjectProfile EMPTY = of(Map.of(), Map.of(), Set.of(), null, null);

    SubjectProfile() {
    }

    /** Creates a profile (collections copied read-only). */
    public static SubjectProfile of(Map<String, Instant> countries, Map<String, Instant> pendingCountries,
            Set<String> devices, @Nullable GeoLocation lastLocation, @Nullable Instant lastSeen) {
        return new AutoValue_SubjectProfile(Map.copyOf(countries), Map.copyOf(pendingCountries), Set.copyOf(devices),
                Optional.ofNullable(lastLocation), Optional.ofNullable(lastSeen));
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

    /** Known device ids. */
    public abstract Set<String> devices();

    /** The last location with coordinates, when any. */
    public abstract Optional<GeoLocation> lastLocation();

    /** When {@link #lastLocation()} was seen. */
    public abstract Optional<Instant> lastSeen();

    /** A copy that also knows the country (first seen at {@code at}, unless already known). */
    public SubjectProfile withCountry(String country, Instant at) {
        if (countries().containsKey(country)) {
            return this;
        }
        Map<String, Instant> c = new HashMap<>(countries());
        c.put(country, at);
        Map<String, Instant> p = new HashMap<>(pendingCountries());
        p.remove(country);
        return of(c, p, devices(), lastLocation().orElse(null), lastSeen().orElse(null));
    }

    /** A copy that records the country as seen but unconfirmed (first seen at {@code at}, unless already pending). */
    public SubjectProfile withPendingCountry(String country, Instant at) {
        if (pendingCountries().containsKey(country) || countries().containsKey(country)) {
            return this;
        }
        Map<String, Instant> p = new HashMap<>(pendingCountries());
        p.put(country, at);
        return of(countries(), p, devices(), lastLocation().orElse(null), lastSeen().orElse(null));
    }

    /** A copy that also knows the device. */
    public SubjectProfile withDevice(String device) {
        if (devices().contains(device)) {
            return this;
        }
        Set<String> d = new HashSet<>(devices());
        d.add(device);
        return of(countries(), pendingCountries(), d, lastLocation().orElse(null), lastSeen().orElse(null));
    }

    /** A copy with a new last location. */
    public SubjectProfile withLastLocation(GeoLocation location, Instant at) {
        return of(countries(), pendingCountries(), devices(), Objects.requireNonNull(location),
                Objects.requireNonNull(at));
    }

    @Override
    public final String toString() {
        return "SubjectProfile[countries=" + countries().keySet() + ", devices=" + devices().size() + "]";
    }
}
