package dev.zt.filter.internal;

import dev.zt.internal.authz.TokenRule;
import dev.zt.internal.authz.TokenRule.Unmet;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** What a path rule requires of the caller: a refusal, or the token rule and a risk ceiling. Immutable. */
public final class Requirement {

    static final Requirement AUTHENTICATED = new Requirement(false, Set.of(), false, Set.of(), false, null, null, null);
    static final Requirement DENY = new Requirement(true, Set.of(), false, Set.of(), false, null, null, null);

    private final boolean deny;
    private final TokenRule rule;
    private final Integer maxRisk;

    Requirement(boolean deny, Set<String> roles, boolean allRoles, Set<String> scopes, boolean allScopes, String acr,
            Duration maxAge, Integer maxRisk) {
        this.deny = deny;
        this.rule = new TokenRule(roles, allRoles, scopes, allScopes, acr, maxAge);
        this.maxRisk = maxRisk;
    }

    /** The highest acceptable risk score, when the rule sets one. */
    public Integer maxRisk() {
        return maxRisk;
    }

    /** Checks the token; {@code null} when every requirement is met. */
    public Unmet check(VerifiedToken token, Instant now) {
        if (deny) {
            return Unmet.denied(RejectionReason.ACCESS_DENIED, "access to this resource is denied");
        }
        Unmet grants = rule.checkGrants(token);
        return grants != null ? grants : rule.checkAuthentication(token, now);
    }
}
