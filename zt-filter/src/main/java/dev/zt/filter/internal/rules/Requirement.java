package dev.zt.filter.internal.rules;

import dev.zt.policy.AccessPolicies;
import dev.zt.policy.AccessPolicy;

import java.time.Duration;
import java.util.Set;

/**
 * What a path rule requires, as the three policies the enforcement point runs around the risk decision: the grants
 * (roles, scopes, or {@code deny}), the risk ceiling ({@code max-risk}) and the authentication strength ({@code acr},
 * {@code max-age}), so that a refusal stepping up cannot cure is answered before a step-up. Immutable.
 */
public final class Requirement {

    static final Requirement AUTHENTICATED = new Requirement(false, Set.of(), false, Set.of(), false, null, null,
            null, null, null);
    static final Requirement DENY = new Requirement(true, Set.of(), false, Set.of(), false, null, null, null, null,
            null);

    private final AccessPolicy grants;
    private final AccessPolicy maxRisk;
    private final AccessPolicy authentication;
    private final AccessPolicy policy;
    private final Permission permission;
    private final Set<String> scopes;
    /** The policy with the permission asked of the PDP, made once the PDP is known. */
    private volatile AccessPolicy withPermission;

    /** A permission a rule asks a policy decision point for: {@code permission=type:action}, the id from the path. */
    static final class Permission {
        final String type;
        final String action;
        final PathPattern pattern;

        Permission(String type, String action, PathPattern pattern) {
            this.type = type;
            this.action = action;
            this.pattern = pattern;
        }

        String id(dev.zt.policy.AccessRequest r) {
            return pattern.hasVariable("id") ? pattern.variable(r.path(), "id") : null;
        }
    }

    /**
     * @param proof null, {@code dpop} (a DPoP-bound token) or {@code bound} (DPoP- or certificate-bound)
     * @param permission null, or what a policy decision point must permit
     */
    Requirement(boolean deny, Set<String> roles, boolean allRoles, Set<String> scopes, boolean allScopes, String acr,
            Duration maxAge, Integer maxRisk, String proof, Permission permission) {
        this.permission = permission;
        this.scopes = Set.copyOf(scopes);
        AccessPolicy possession = proof == null ? AccessPolicies.permitAll()
                : AccessPolicies.proofOfPossession(proof.equals("dpop"));
        this.grants = deny ? AccessPolicies.denyAll("a rule denies this resource")
                : AccessPolicies.allOf(possession, AccessPolicies.roles(roles, allRoles),
                        AccessPolicies.scopes(scopes, allScopes));
        this.maxRisk = maxRisk == null ? AccessPolicies.permitAll() : AccessPolicies.maxRisk(maxRisk);
        this.authentication = acr == null ? AccessPolicies.permitAll() : AccessPolicies.acr(acr, maxAge);
        this.policy = AccessPolicies.allOf(grants, AccessPolicies.risk(), this.maxRisk, authentication);
    }

    /**
     * The whole decision for a request the risk engine has decided: grants, the risk decision, {@code max-risk}, then
     * authentication strength (step-ups last).
     */
    public AccessPolicy policy() {
        return policy;
    }

    /**
     * The whole decision with the rule's permission asked of {@code pdp} (OpenID AuthZEN) after the local policy
     * granted (or, in shadow mode, compared with it); {@link #policy()} when the rule names no permission.
     *
     * @throws IllegalStateException when the rule names a permission and there is no PDP (start-up checks this)
     */
    public AccessPolicy policy(dev.zt.policy.PolicyDecisionPoint pdp) {
        if (permission == null) {
            return policy;
        }
        AccessPolicy p = withPermission;
        if (p == null) {
            if (pdp == null) {
                throw new IllegalStateException("a rule names permission= and zt.authzen.pdp is not set");
            }
            p = AccessPolicies.comparedWith(policy, pdp, permission.action, permission.type, permission::id);
            withPermission = p;
        }
        return p;
    }

    /** The scopes the rule names. */
    public Set<String> scopes() {
        return scopes;
    }

    /** True when the rule asks a policy decision point. */
    public boolean needsPdp() {
        return permission != null;
    }

    /** Roles and scopes, or the refusal of a {@code deny} rule. */
    public AccessPolicy grants() {
        return grants;
    }

    /** The {@code max-risk} ceiling (grants when the rule sets none). */
    public AccessPolicy maxRisk() {
        return maxRisk;
    }

    /** The {@code acr}/{@code max-age} requirement (grants when the rule sets none). */
    public AccessPolicy authentication() {
        return authentication;
    }
}
