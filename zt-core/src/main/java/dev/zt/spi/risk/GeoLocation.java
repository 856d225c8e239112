package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Where an address is: an ISO 3166-1 alpha-2 country and, when known, coordinates. Immutable. */
@AutoValue
public abstract class GeoLocation {

    GeoLocation() {
    }

    /** A country without coordinates. */
    public static GeoLocation of(String country) {
        return new AutoValue_GeoLocation(country, OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    /** A country with coordinates (of unknown accuracy). */
    public static GeoLocation of(String country, double latitude, double longitude) {
        return of(country, latitude, longitude, -1);
    }

    /**
     * A country with coordinates and their accuracy: the radius in kilometres around them in which the address is
     * likely to be (GeoIP2's {@code location.accuracy_radius}); negative when unknown.
     */
    public static GeoLocation of(String country, double latitude, double longitude, int accuracyRadiusKm) {
        if (!Double.isFinite(latitude) || !Double.isFinite(longitude) || Math.abs(latitude) > 90
                || Math.abs(longitude) > 180) {
            throw new IllegalArgumentException("coordinates must be finite degrees");
        }
        return new AutoValue_GeoLocation(country, OptionalDouble.of(latitude), OptionalDouble.of(longitude),
                accuracyRadiusKm < 0 ? OptionalInt.empty() : OptionalInt.of(accuracyRadiusKm));
    }

    /** The country code. */
    public abstract String country();

    /** Latitude in degrees, when known. */
    public abstract OptionalDouble latitude();

    /** Longitude in degrees, when known. */
    public abstract OptionalDouble longitude();

    /** How far from the coordinates the address may be, in kilometres, when the database says. */
    public abstract OptionalInt accuracyRadiusKm();

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

    /**
     * The shortest distance the two addresses may be apart: the distance between the coordinates less both accuracy
     * radii, never below 0. What impossible travel judges, so that two coarse locations (a country's centre, accuracy
     * 1000 km) are not taken for a journey.
     */
    public double minimumDistanceKm(GeoLocation other) {
        return Math.max(0, distanceKm(other) - accuracyRadiusKm().orElse(0) - other.accuracyRadiusKm().orElse(0));
    }

    @Override
    public final String toString() {
        return country() + (hasCoordinates() ? "(" + latitude().getAsDouble() + "," + longitude().getAsDouble() + ")"
                : "");
    }
}
