package dev.zt.spi.risk;

import java.util.List;

/**
 * Contributes {@link RiskCheck}s found by some other means than {@code META-INF/services/dev.zt.spi.risk.RiskCheck}; zt-cdi
 * ships one that returns the application's CDI beans implementing {@link RiskCheck}. Discovered with the
 * {@link java.util.ServiceLoader}.
 */
public interface RiskCheckProvider {
    /** The checks; an empty list when the source is not available (e.g. no CDI container). */
    List<RiskCheck> checks();
}
