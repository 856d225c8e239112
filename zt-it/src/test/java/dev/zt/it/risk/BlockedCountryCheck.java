package dev.zt.it.risk;

import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;

/** The application's own check, shipped in the test WAR through META-INF/services. */
public class BlockedCountryCheck implements RiskCheck {
    @Override
    public String id() {
        return "blocked-country";
    }

    @Override
    public RiskSignal evaluate(RiskContext context) {
        return context.country().filter("US"::equals).map(c -> RiskSignal.deny("country_blocked", c))
                .orElse(RiskSignal.none());
    }
}
