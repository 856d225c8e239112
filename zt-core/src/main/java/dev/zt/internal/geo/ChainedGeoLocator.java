package dev.zt.internal.geo;

import dev.zt.spi.risk.AutonomousSystem;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.GeoLocator;

import java.util.List;
import java.util.Optional;

/** Asks locators in order: the first that knows an address's location (or network) answers. */
public final class ChainedGeoLocator implements GeoLocator {

    private final List<GeoLocator> locators;

    /** The locators, first asked first (e.g. the operator's CIDR overrides before a database). */
    public ChainedGeoLocator(List<GeoLocator> locators) {
        this.locators = List.copyOf(locators);
    }

    @Override
    public Optional<GeoLocation> locate(String address) {
        for (GeoLocator l : locators) {
            Optional<GeoLocation> g = l.locate(address);
            if (g.isPresent()) {
                return g;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<AutonomousSystem> network(String address) {
        for (GeoLocator l : locators) {
            Optional<AutonomousSystem> a = l.network(address);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }
}
