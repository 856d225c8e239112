package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.util.Optional;

/**
 * The autonomous system an address is routed by (RFC 1930): its number and, when known, the organisation that runs it
 * (an ISP, a mobile carrier, a hosting or cloud provider). From an ASN database ({@code zt.geo.asn-mmdb}). Immutable.
 */
@AutoValue
public abstract class AutonomousSystem {

    AutonomousSystem() {
    }

    /**
     * An autonomous system.
     *
     * @param number the AS number, 1 to 4294967295 (RFC 6793)
     * @param organization its organisation, or null
     */
    public static AutonomousSystem of(long number, @Nullable String organization) {
        if (number < 1 || number > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("an AS number is 1 to 4294967295");
        }
        return new AutoValue_AutonomousSystem(number, Optional.ofNullable(organization == null || organization.isBlank()
                ? null : organization));
    }

    /** The AS number. */
    public abstract long number();

    /** The organisation, when known. */
    public abstract Optional<String> organization();

    /** {@code AS<number>}, the usual spelling (and that of {@code zt.risk.network.*}). */
    public String id() {
        return "AS" + number();
    }

    @Override
    public final String toString() {
        return id() + organization().map(o -> " (" + o + ")").orElse("");
    }
}
