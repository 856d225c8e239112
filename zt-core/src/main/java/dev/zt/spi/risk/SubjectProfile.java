package dev.zt.spi.risk;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What zt has learned about one subject: the countries and devices it is known to use (with when each country was first
 * seen), and its last location and time. Immutable; stores replace it whole.
 */
public final class SubjectProfile {

    private static final SubjectProfile EMPTY = new SubjectProfile(java.util.Map.of(), java.util.Map.of(), Set.of(),
            null, null);

    private final java.util.Map<String, Instant> countries;
    private final java.util.Map<String, Instant> pendingCountries;
    private final Set<String> devices;
    private final GeoLocation lastLocation;
    private final Instant lastSeen;

    /** Creates a profile. */
    public SubjectProfile(java.util.Map<String, Instant> countries, java.util.Map<String, Instant> pendingCountries,
            Set<String> devices, GeoLocation lastLocation, Instant lastSeen) {
        this.countries = java.util.Map.copyOf(countries);
        this.pendingCountries = java.util.Map.copyOf(pendingCountries);
        this.devices = Set.copyOf(devices);
        this.lastLocation = lastLocation;
        this.lastSeen = lastSeen;
    }

    /** The profile of a subject never seen. */
    public static SubjectProfile empty() {
        return EMPTY;
    }

    /** Known countries, with when each was first seen. */
    public java.util.Map<String, Instant> countries() {
        return countries;
    }

    /** Countries seen but not yet confirmed by a step-up, with when each was first seen. */
    public java.util.Map<String, Instant> pendingCountries() {
        return pendingCountries;
    }

    /** True when the country is known. */
    public boolean knows(String country) {
        return countries.containsKey(country);
    }

    /** Known device ids. */
    public Set<String> devices() {
        return devices;
    }

    /** The last location with coordinates, when any. */
    public Optional<GeoLocation> lastLocation() {
        return Optional.ofNullable(lastLocation);
    }

    /** When {@link #lastLocation()} was seen. */
    public Optional<Instant> lastSeen() {
        return Optional.ofNullable(lastSeen);
    }

    /** A copy that also knows the country (first seen at {@code at}, unless already known). */
    public SubjectProfile withCountry(String country, Instant at) {
        if (countries.containsKey(country)) {
            return this;
        }
        java.util.Map<String, Instant> c = new java.util.HashMap<>(countries);
        c.put(country, at);
        java.util.Map<String, Instant> p = new java.util.HashMap<>(pendingCountries);
        p.remove(country);
        return new SubjectProfile(c, p, devices, lastLocation, lastSeen);
    }

    /** A copy that records the country as seen but unconfirmed (first seen at {@code at}, unless already pending). */
    public SubjectProfile withPendingCountry(String country, Instant at) {
        if (pendingCountries.containsKey(country) || countries.containsKey(country)) {
            return this;
        }
        java.util.Map<String, Instant> p = new java.util.HashMap<>(pendingCountries);
        p.put(country, at);
        return new SubjectProfile(countries, p, devices, lastLocation, lastSeen);
    }

    /** A copy that also knows the device. */
    public SubjectProfile withDevice(String device) {
        if (devices.contains(device)) {
            return this;
        }
        java.util.Set<String> d = new java.util.HashSet<>(devices);
        d.add(device);
        return new SubjectProfile(countries, pendingCountries, d, lastLocation, lastSeen);
    }

    /** A copy with a new last location. */
    public SubjectProfile withLastLocation(GeoLocation location, Instant at) {
        return new SubjectProfile(countries, pendingCountries, devices, Objects.requireNonNull(location),
                Objects.requireNonNull(at));
    }

    @Override
    public String toString() {
        return "SubjectProfile[countries=" + countries.keySet() + ", devices=" + devices.size() + "]";
    }
}
