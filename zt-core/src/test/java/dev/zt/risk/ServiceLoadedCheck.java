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

    /**
     * Answers from memory, so it runs inline: as a blocking check it ran on the pool within the 50 ms real-time budget
     * in every engine of zt-core's tests, and a cold JVM on a busy CI machine once missed it (a DENY in RiskEngineTest).
     */
    @Override
    public boolean blocking() {
        return false;
    }

    @Override
    public RiskSignal evaluate(RiskContext context) {
        return "block".equals(context.token().claims().get("flag"))
                ? RiskSignal.deny("flagged_by_service_loaded_check", "test") : RiskSignal.none();
    }
}
