package dev.zt.cdi.internal;

import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskCheckProvider;
import jakarta.enterprise.inject.spi.CDI;

import java.util.ArrayList;
import java.util.List;

/**
 * Bridges CDI to zt's risk engine: the application's beans implementing {@link RiskCheck} take part in every decision,
 * next to the built-ins and {@code META-INF/services} registrations. Without a CDI container it contributes nothing.
 */
public final class CdiRiskCheckProvider implements RiskCheckProvider {

    @Override
    public List<RiskCheck> checks() {
        List<RiskCheck> found = new ArrayList<>();
        try {
            for (RiskCheck c : CDI.current().select(RiskCheck.class)) {
                found.add(c);
            }
        } catch (IllegalStateException | LinkageError e) {
            return List.of(); // no CDI container here
        }
        return found;
    }
}
