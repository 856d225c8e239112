package dev.zt.internal.risk;

import dev.zt.config.RiskSettings;
import dev.zt.spi.risk.Decision;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;
import dev.zt.spi.risk.TrustPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default trust policy: the strongest forced action wins (revoke session, then deny, then step-up); otherwise the
 * scores are summed (capped at 100) and compared with the deny and step-up thresholds.
 */
public final class DefaultTrustPolicy implements TrustPolicy {

    private final RiskSettings settings;

    /** Creates the policy of {@code zt.risk.step-up-score}, {@code zt.risk.deny-score} and {@code zt.risk.step-up-acr}. */
    public DefaultTrustPolicy(RiskSettings settings) {
        this.settings = settings;
    }

    @Override
    public Decision decide(Map<String, RiskSignal> signals, RiskContext context) {
        // the same decision the rest would build, without building it: a score of 0 reaches no threshold (both are
        // at least 1, checked here too so that this never outlives that rule)
        if (settings.stepUpScore() > 0 && settings.denyScore() > 0 && nothingToSay(signals)) {
            return Decision.allow();
        }
        int score = 0;
        List<String> reasons = new ArrayList<>();
        java.util.Map<String, Integer> contributions = new java.util.LinkedHashMap<>();
        RiskSignal strongest = null;
        for (RiskSignal s : signals.values()) {
            if (s.isNone()) {
                continue;
            }
            score = Math.min(100, score + s.score());
            if (s.score() > 0) {
                contributions.merge(s.reason(), s.score(), Integer::sum);
            }
            if (s.action().isPresent() && (strongest == null || rank(s) > rank(strongest))) {
                strongest = s;
            }
        }
        if (strongest != null) {
            reasons.add(strongest.reason());
        }
        for (RiskSignal s : signals.values()) {
            if (!s.isNone() && !reasons.contains(s.reason())) {
                reasons.add(s.reason());
            }
        }
        if (strongest != null) {
            switch (strongest.action().get()) {
                case REVOKE_SESSION:
                    return Decision.of(Decision.Type.REVOKE_SESSION, null, null, reasons, score, contributions);
                case DENY:
                    Decision deny = Decision.of(Decision.Type.DENY, null, null, reasons, score, contributions);
                    return strongest.throttles() ? deny.refusedAs(dev.zt.token.RejectionReason.RATE_LIMITED) : deny;
                default:
                    return Decision.of(Decision.Type.STEP_UP, strongest.acr().orElse(settings.stepUpAcr()),
                            strongest.maxAge().orElse(null), reasons, score, contributions);
            }
        }
        if (score >= settings.denyScore()) {
            reasons.add(0, "risk_score_too_high");
            return Decision.of(Decision.Type.DENY, null, null, reasons, score, contributions);
        }
        if (score >= settings.stepUpScore()) {
            boolean satisfied = settings.stepUpAcr().equals(context.acr().orElse(null));
            if (!satisfied) {
                reasons.add(0, "risk_score_elevated");
                return Decision.of(Decision.Type.STEP_UP, settings.stepUpAcr(), (Duration) null, reasons, score,
                        contributions);
            }
        }
        return Decision.of(Decision.Type.ALLOW, null, null, reasons, score, contributions);
    }

    private static boolean nothingToSay(Map<String, RiskSignal> signals) {
        for (RiskSignal s : signals.values()) {
            if (!s.isNone()) {
                return false;
            }
        }
        return true;
    }

    private static int rank(RiskSignal s) {
        switch (s.action().get()) {
            case REVOKE_SESSION:
                return 4;
            case DENY:
                return s.throttles() ? 2 : 3;
            default:
                return 1;
        }
    }

    @Override
    public String version() {
        return "default-1(step-up>=" + settings.stepUpScore() + ",deny>=" + settings.denyScore() + ")";
    }
}
