package dev.zt.sample.risk;

import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;

import java.util.Set;

/**
 * The application's own risk check (registered in {@code META-INF/services/dev.zt.spi.risk.RiskCheck}): requests from a
 * blocked country are denied. In the demo geo file, {@code 2001:db8::/32} is "AQ".
 */
public final class BlockedCountryCheck implements RiskCheck {

    private static final Set<String> BLOCKED = Set.of("AQ");

    @Override
    public String id() {
        return "blocked-country";
    }

    @Override
    public RiskSignal evaluate(RiskContext ctx) {
        return ctx.country().filter(BLOCKED::contains)
                .map(c -> RiskSignal.deny("country_blocked", c))
                .orElse(RiskSignal.none());
    }
}
