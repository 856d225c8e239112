package dev.zt.spi.risk;

import java.util.Optional;

/**
 * Finds where a client address is (a Policy Information Point). Built in: MaxMind DB files ({@code zt.geo.mmdb},
 * {@code zt.geo.asn-mmdb}), a CIDR-to-country CSV file ({@code zt.geo.cidr-file}) and a country header set by a trusted
 * proxy ({@code zt.geo.header}). Must be fast and
 * thread-safe; never do network I/O per request.
 */
public interface GeoLocator {
    /** The location of an IP address literal, when known. */
    Optional<GeoLocation> locate(String address);

    /**
     * The autonomous system routing an IP address literal, when known (built in: {@code zt.geo.asn-mmdb}). None by
     * default.
     */
    default Optional<AutonomousSystem> network(String address) {
        return Optional.empty();
    }
}
