package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;

import java.util.OptionalDouble;

/** Where an address is: an ISO 3166-1 alpha-2 country and, when known, coordinates. Immutable. */
@AutoValue
public abstract class GeoLocation {

    GeoLocation() {
    }

    /** A country without coordinates. */
    public static GeoLocation of(String country) {
        return new AutoValue_GeoLocation(country, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** A country with coordinates. */
    public static GeoLocation of(String country, double latitude, double longitude) {
        if (!Double.isFinite(latitude) || !Double.isFinite(longitude)) {
            throw new IllegalArgumentException("coordinates must be finite");
        }
        return new AutoValue_GeoLocation(country, OptionalDouble.of(latitude), OptionalDouble.of(longitude));
    }

    /** The country code. */
    public abstract String country();

    /** Latitude in degrees, when known. */
    public abstract OptionalDouble latitude();

    /** Longitude in degrees, when known. */
    public abstract OptionalDouble longitude();

    /** True when coordinates are known. */
    public boolean hasCoordinates() {
        return latitude().isPresent() && longitude().isPresent();
    }

    /** Great-circle distance in kilometres (haversine); both locations need coordinates. */
    public double distanceKm(GeoLocation other) {
        double r = 6371.0;
        double lat = latitude().getAsDouble();
        double otherLat = other.latitude().getAsDouble();
        double dLat = Math.toRadians(otherLat - lat);
        double dLon = Math.toRadians(other.longitude().getAsDouble() - longitude().getAsDouble());
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat))
                * Math.cos(Math.toRadians(otherLat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    @Override
    public final String toString() {
        return country() + (hasCoordinates() ? "(" + latitude().getAsDouble() + "," + longitude().getAsDouble() + ")"
                : "");
    }
}
