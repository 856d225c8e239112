package dev.zt.spi.risk;


import java.util.Map;

/**
 * Turns every check's signal into one {@link Decision} (NIST SP 800-207 trust algorithm). The default: the strongest
 * forced action wins (revoke session &gt; deny &gt; step-up); otherwise the scores are summed (capped at 100) and compared
 * with {@code zt.risk.deny-score} and {@code zt.risk.step-up-score}. Replace it to weigh signals differently.
 */
public interface TrustPolicy {

    /**
     * Decides.
     *
     * @param signals each check's signal by check id, in evaluation order
     * @param context the request
     */
    Decision decide(Map<String, RiskSignal> signals, RiskContext context);

    /** A version string recorded with each decision in the audit log. */
    default String version() {
        return getClass().getSimpleName();
    }
}
