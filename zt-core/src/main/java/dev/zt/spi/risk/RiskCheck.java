package dev.zt.spi.risk;

/**
 * One risk check of zt's Policy Engine (NIST SP 800-207 trust algorithm): it looks at a request's
 * {@link RiskContext} and reports a {@link RiskSignal}. Runs on every request after token verification, within
 * {@code zt.risk.timeout} for all checks together; a check that throws or runs out of time fails closed (deny,
 * {@code risk_check_failed}) unless its id is listed in {@code zt.risk.advisory}.
 *
 * <pre>{@code
 * public final class BlockedCountryCheck implements RiskCheck {
 *     public String id() { return "blocked-country"; }
 *     public RiskSignal evaluate(RiskContext ctx) {
 *         return ctx.country().filter(BLOCKED::contains)
 *                   .map(c -> RiskSignal.deny("country_blocked", c))
 *                   .orElse(RiskSignal.none());
 *     }
 * }
 * }</pre>
 *
 * <p>Registered through {@code META-INF/services/dev.zt.spi.risk.RiskCheck} or as a CDI bean; ids must be unique. Must be
 * thread-safe and fast: it is on the request path.
 */
public interface RiskCheck {

    /** A unique, stable id (e.g. {@code new-country}); used by {@code zt.risk.checks} and in the audit log. */
    String id();

    /** Evaluates one request. */
    RiskSignal evaluate(RiskContext context);

    /**
     * Whether the check may block (a database, a remote service): blocking checks run off the request thread, all
     * together within {@code zt.risk.timeout}; a check that answers from memory returns {@code false} and runs inline.
     * Default {@code true}: an unknown check is assumed to block.
     */
    default boolean blocking() {
        return true;
    }
}
