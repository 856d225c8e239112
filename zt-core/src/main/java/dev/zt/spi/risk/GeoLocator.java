package dev.zt.spi.risk;

import java.util.Optional;

/**
 * Finds where a client address is (a Policy Information Point). Built in: a CIDR-to-country CSV file
 * ({@code zt.geo.cidr-file}) and a country header set by a trusted proxy ({@code zt.geo.header}). Must be fast and
 * thread-safe; never do network I/O per request.
 */
public interface GeoLocator {
    /** The location of an IP address literal, when known. */
    Optional<GeoLocation> locate(String address);
}
