package dev.zt.cdi.internal;

import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.ZeroTrustContext;
import dev.zt.policy.AccessPolicies;
import dev.zt.policy.AccessPolicy;
import dev.zt.policy.AccessRequest;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one method requires, resolved once from its annotations (and its class's), compiled to the same
 * {@link AccessPolicy} building blocks as the filter's path rules and in the filter's order: grants (roles, scopes),
 * claims, {@code max-risk}, then authentication strength last. Immutable.
 */
public final class SecurityRule {

    /** No security annotation applies: the method is not checked. */
    public static final SecurityRule NONE = new SecurityRule(Kind.NONE, false, Set.of(), false, Set.of(), false, null,
            null, null, List.of(), null);

    enum Kind { NONE, PERMIT_ALL, DENY_ALL, CHECK }

    private final Kind kind;
    private final boolean authenticated;
    private final Set<String> roles;
    private final Set<String> scopes;
    private final String acr;
    private final AccessPolicy policy;

    SecurityRule(Kind kind, boolean authenticated, Set<String> roles, boolean allRoles, Set<String> scopes,
            boolean allScopes, String acr, Duration maxAge, Integer maxRisk, List<String[]> claims, Boolean dpopOnly) {
        this.kind = kind;
        this.authenticated = authenticated;
        this.roles = Set.copyOf(roles);
        this.scopes = Set.copyOf(scopes);
        this.acr = acr;
        List<AccessPolicy> parts = new ArrayList<>();
        if (dpopOnly != null) {
            parts.add(AccessPolicies.proofOfPossession(dpopOnly));
        }
        parts.add(AccessPolicies.roles(roles, allRoles));
        parts.add(AccessPolicies.scopes(scopes, allScopes));
        for (String[] claim : claims) {
            parts.add(claim(claim[0], claim[1]));
        }
        if (maxRisk != null) {
            parts.add(AccessPolicies.maxRisk(maxRisk));
        }
        if (acr != null) {
            parts.add(AccessPolicies.acr(acr, maxAge));
        }
        this.policy = kind == Kind.DENY_ALL ? AccessPolicies.denyAll("this operation is denied to everyone")
                : AccessPolicies.allOf(parts);
    }

    static SecurityRule permitAll() {
        return new SecurityRule(Kind.PERMIT_ALL, false, Set.of(), false, Set.of(), false, null, null, null, List.of(), null);
    }

    static SecurityRule denyAll() {
        return new SecurityRule(Kind.DENY_ALL, false, Set.of(), false, Set.of(), false, null, null, null, List.of(), null);
    }

    private static AccessPolicy claim(String name, String value) {
        Verdict refusal = Verdict.refuse(RejectionReason.ACCESS_DENIED, "claim " + name
                + " does not have the required value");
        return request -> {
            Object v = request.token().claims().get(name);
            boolean ok = value.equals(v) || v instanceof List && ((List<?>) v).contains(value);
            return ok ? Verdict.grant() : refusal;
        };
    }

    /** True when the method is checked at all. */
    public boolean checked() {
        return kind != Kind.NONE;
    }

    /**
     * The verdict for the caller.
     *
     * @param context the request's zt context, or {@code null} when the method runs outside a zt-verified request
     * @param where the method, for {@link AccessRequest#path()}
     */
    public Verdict decide(ZeroTrustContext context, Instant now, String where) {
        switch (kind) {
            case NONE:
            case PERMIT_ALL:
                return Verdict.grant();
            default:
                break;
        }
        if (context == null) {
            return Verdict.refuse(RejectionReason.ACCESS_DENIED, kind == Kind.DENY_ALL
                    ? "this operation is denied to everyone" : "no zt-verified caller for a protected operation");
        }
        VerifiedToken token = context.token();
        return AccessPolicies.decide(policy, AccessRequest.builder().token(token).risk(context.decision()).time(now)
                .path(where).build());
    }

    /**
     * Enforces the rule for the caller: throws the refusal, or in report-only mode logs it and lets the call proceed.
     *
     * @throws AccessDeniedException 403 refusals
     * @throws StepUpRequiredException when stronger or fresher authentication is needed
     */
    public void enforce(ZeroTrustContext context, Instant now, String where, ZeroTrustRuntime runtime) {
        Verdict v = decide(context, now, where);
        if (v.granted()) {
            return;
        }
        if (runtime != null && runtime.reportOnly()) {
            runtime.wouldRefuse(v.reason().orElseThrow().code(), where, context == null ? null
                    : context.subject().orElse(null));
            return;
        }
        throw exception(v);
    }

    /** The exception a refused verdict is thrown as. */
    static RuntimeException exception(Verdict v) {
        if (v.isStepUp()) {
            return new StepUpRequiredException(v.acr().orElseThrow(), v.maxAge().orElse(null),
                    v.detail().orElse(""));
        }
        return new AccessDeniedException(v.reason().orElseThrow(), v.detail().orElse(""), v.scopes().orElse(null));
    }

    @Override
    public String toString() {
        return "SecurityRule[" + kind + (authenticated ? " authenticated" : "") + (roles.isEmpty() ? ""
                : " roles=" + roles) + (scopes.isEmpty() ? "" : " scopes=" + scopes)
                + (acr == null ? "" : " acr=" + acr) + "]";
    }

    /** For tests: a map view of the rule's main parts. */
    Map<String, Object> describe() {
        return Map.of("kind", kind, "roles", roles, "scopes", scopes);
    }
}
