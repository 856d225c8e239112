package dev.zt.cdi.internal;

import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.ZeroTrustContext;
import dev.zt.internal.authz.TokenRule;
import dev.zt.internal.authz.TokenRule.Unmet;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one method requires, resolved once from its annotations (and its class's). Immutable. */
public final class SecurityRule {

    /** No security annotation applies: the method is not checked. */
    public static final SecurityRule NONE = new SecurityRule(Kind.NONE, false, Set.of(), false, Set.of(), false, null,
            null, null, List.of());

    enum Kind { NONE, PERMIT_ALL, DENY_ALL, CHECK }

    private final Kind kind;
    private final boolean authenticated;
    private final TokenRule rule;
    private final Integer maxRisk;
    private final List<String[]> claims;

    SecurityRule(Kind kind, boolean authenticated, Set<String> roles, boolean allRoles, Set<String> scopes,
            boolean allScopes, String acr, Duration maxAge, Integer maxRisk, List<String[]> claims) {
        this.kind = kind;
        this.authenticated = authenticated;
        this.rule = new TokenRule(roles, allRoles, scopes, allScopes, acr, maxAge);
        this.maxRisk = maxRisk;
        this.claims = List.copyOf(claims);
    }

    static SecurityRule permitAll() {
        return new SecurityRule(Kind.PERMIT_ALL, false, Set.of(), false, Set.of(), false, null, null, null, List.of());
    }

    static SecurityRule denyAll() {
        return new SecurityRule(Kind.DENY_ALL, false, Set.of(), false, Set.of(), false, null, null, null, List.of());
    }

    /** True when the method is checked at all. */
    public boolean checked() {
        return kind != Kind.NONE;
    }

    /**
     * Enforces the rule for the caller.
     *
     * @param context the request's zt context, or {@code null} when the method runs outside a zt-verified request
     * @throws AccessDeniedException 403 refusals
     * @throws StepUpRequiredException when stronger or fresher authentication is needed
     */
    public void enforce(ZeroTrustContext context, Instant now) {
        switch (kind) {
            case NONE:
            case PERMIT_ALL:
                return;
            case DENY_ALL:
                throw new AccessDeniedException(RejectionReason.ACCESS_DENIED, "this operation is denied to everyone");
            default:
                break;
        }
        if (context == null) {
            throw new AccessDeniedException(RejectionReason.ACCESS_DENIED, "no zt-verified caller for a protected"
                    + " operation");
        }
        VerifiedToken token = context.token();
        Unmet grants = rule.checkGrants(token);
        if (grants != null) {
            throw new AccessDeniedException(grants.reason, grants.detail, grants.scopes);
        }
        for (String[] claim : claims) {
            Object v = token.claims().get(claim[0]);
            boolean ok = claim[1].equals(v) || v instanceof List && ((List<?>) v).contains(claim[1]);
            if (!ok) {
                throw new AccessDeniedException(RejectionReason.ACCESS_DENIED, "claim " + claim[0]
                        + " does not have the required value");
            }
        }
        if (maxRisk != null && context.decision().score() > maxRisk) {
            throw new AccessDeniedException(RejectionReason.ACCESS_DENIED, "the request's risk score is above "
                    + maxRisk);
        }
        Unmet authentication = rule.checkAuthentication(token, now);
        if (authentication != null) {
            throw new StepUpRequiredException(authentication.acr, authentication.maxAge, authentication.detail);
        }
    }

    @Override
    public String toString() {
        return "SecurityRule[" + kind + (authenticated ? " authenticated" : "") + (rule.roles().isEmpty() ? ""
                : " roles=" + rule.roles()) + (rule.scopes().isEmpty() ? "" : " scopes=" + rule.scopes())
                + (rule.acr() == null ? "" : " acr=" + rule.acr()) + "]";
    }

    /** For tests: a map view of the rule's main parts. */
    Map<String, Object> describe() {
        return Map.of("kind", kind, "roles", rule.roles(), "scopes", rule.scopes());
    }
}
