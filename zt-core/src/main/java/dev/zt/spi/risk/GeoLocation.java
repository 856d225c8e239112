package dev.zt.spi.risk;

import java.util.Objects;
import java.util.OptionalDouble;

/** Where an address is: an ISO 3166-1 alpha-2 country and, when known, coordinates. Immutable. */
public final class GeoLocation {
    private final String country;
    private final Double latitude;
    private final Double longitude;

    private GeoLocation(String country, Double latitude, Double longitude) {
        this.country = Objects.requireNonNull(country, "country");
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /** A country without coordinates. */
    public static GeoLocation of(String country) {
        return new GeoLocation(country, null, null);
    }

    /** A country with coordinates. */
    public static GeoLocation of(String country, double latitude, double longitude) {
        return new GeoLocation(country, latitude, longitude);
    }

    /** The country code. */
    public String country() {
        return country;
    }

    /** Latitude in degrees, when known. */
    public OptionalDouble latitude() {
        return latitude == null ? OptionalDouble.empty() : OptionalDouble.of(latitude);
    }

    /** Longitude in degrees, when known. */
    public OptionalDouble longitude() {
        return longitude == null ? OptionalDouble.empty() : OptionalDouble.of(longitude);
    }

    /** True when coordinates are known. */
    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    /** Great-circle distance in kilometres (haversine); both locations need coordinates. */
    public double distanceKm(GeoLocation other) {
        double r = 6371.0;
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(latitude))
                * Math.cos(Math.toRadians(other.latitude)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    @Override
    public String toString() {
        return country + (hasCoordinates() ? "(" + latitude + "," + longitude + ")" : "");
    }
}
