package dev.zt.risk;

import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;

/** Registered in the test's META-INF/services: proves ServiceLoader discovery. */
public final class ServiceLoadedCheck implements RiskCheck {
    @Override
    public String id() {
        return "test-service-loaded";
    }

    @Override
    public RiskSignal evaluate(RiskContext context) {
        return "block".equals(context.token().claims().get("flag"))
                ? RiskSignal.deny("flagged_by_service_loaded_check", "test") : RiskSignal.none();
    }
}
