package dev.zt.policy;

import dev.zt.spi.risk.Decision;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The building blocks of zt's authorization, each an {@link AccessPolicy}, and their composition. Path rules
 * ({@code roles= scopes= acr= max-age= max-risk= deny}) and zt-cdi's annotations are built from exactly these, so the
 * filter and the interceptors decide alike.
 *
 * <p>Composition answers what a client can act on: {@link #allOf} returns the first refusal that stronger
 * authentication cannot cure, and only when there is none the first step-up (RFC 9470 section 3: a client sent to
 * authenticate again must not be refused anyway afterwards). A policy that throws is a refusal
 * ({@code zt_unavailable}): every composite fails closed.
 */
public final class AccessPolicies {

    private static final System.Logger LOG = System.getLogger("dev.zt.policy");
    private static final AccessPolicy PERMIT = request -> Verdict.grant();

    private AccessPolicies() {
    }

    /** Grants every (authenticated) request. */
    public static AccessPolicy permitAll() {
        return PERMIT;
    }

    /** Refuses every request with {@code access_denied}. */
    public static AccessPolicy denyAll(String detail) {
        Verdict refusal = Verdict.refuse(RejectionReason.ACCESS_DENIED, detail);
        return request -> refusal;
    }

    /**
     * Every policy must grant. Evaluated in order: the first refusal that is not a step-up is returned at once;
     * otherwise the first step-up; otherwise a grant (also for an empty list).
     */
    public static AccessPolicy allOf(List<AccessPolicy> policies) {
        List<AccessPolicy> all = List.copyOf(policies);
        if (all.isEmpty()) {
            return PERMIT;
        }
        if (all.size() == 1) {
            return safe(all.get(0));
        }
        return request -> {
            Verdict stepUp = null;
            for (AccessPolicy p : all) {
                Verdict v = decide(p, request);
                if (v.isStepUp()) {
                    stepUp = stepUp == null ? v : stepUp;
                } else if (!v.granted()) {
                    return v;
                }
            }
            return stepUp == null ? Verdict.grant() : stepUp;
        };
    }

    /** As {@link #allOf(List)}. */
    public static AccessPolicy allOf(AccessPolicy... policies) {
        return allOf(List.of(policies));
    }

    /**
     * One policy must grant. When none does: the first step-up (the request can still succeed), else the first
     * refusal; an empty list refuses (deny by default).
     */
    public static AccessPolicy anyOf(List<AccessPolicy> policies) {
        List<AccessPolicy> all = List.copyOf(policies);
        Verdict none = Verdict.refuse(RejectionReason.ACCESS_DENIED, "no alternative applies");
        return request -> {
            Verdict stepUp = null;
            Verdict refusal = null;
            for (AccessPolicy p : all) {
                Verdict v = decide(p, request);
                if (v.granted()) {
                    return v;
                }
                if (v.isStepUp()) {
                    stepUp = stepUp == null ? v : stepUp;
                } else {
                    refusal = refusal == null ? v : refusal;
                }
            }
            return stepUp != null ? stepUp : refusal != null ? refusal : none;
        };
    }

    /** As {@link #anyOf(List)}. */
    public static AccessPolicy anyOf(AccessPolicy... policies) {
        return anyOf(List.of(policies));
    }

    /** The caller holds one of the roles ({@code all}: every one); otherwise {@code insufficient_role}. */
    public static AccessPolicy roles(Set<String> roles, boolean all) {
        Set<String> required = Set.copyOf(roles);
        if (required.isEmpty()) {
            return PERMIT;
        }
        String detail = (all ? "all" : "one") + " of the roles " + List.copyOf(required) + " is required";
        Verdict refusal = Verdict.refuse(RejectionReason.INSUFFICIENT_ROLE, detail);
        return request -> matches(required, all, request.token().roles()) ? Verdict.grant() : refusal;
    }

    /**
     * The token carries one of the scopes ({@code all}: every one); otherwise {@code insufficient_scope} naming them
     * (RFC 6750 section 3.1).
     */
    public static AccessPolicy scopes(Set<String> scopes, boolean all) {
        Set<String> required = Set.copyOf(scopes);
        if (required.isEmpty()) {
            return PERMIT;
        }
        Verdict refusal = Verdict.insufficientScope(required, (all ? "all" : "one") + " of the scopes "
                + List.copyOf(required) + " is required");
        return request -> matches(required, all, request.token().scopes()) ? Verdict.grant() : refusal;
    }

    /**
     * The caller authenticated with {@code acr} (exactly), and, when {@code maxAge} is given, no longer ago than that
     * by the token's {@code auth_time}; a token without {@code auth_time} never satisfies a {@code maxAge}. Otherwise a
     * step-up (RFC 9470).
     */
    public static AccessPolicy acr(String acr, Duration maxAge) {
        Objects.requireNonNull(acr, "acr");
        Verdict wrongAcr = Verdict.stepUp(acr, maxAge, "authentication with acr " + acr + " is required");
        Verdict tooOld = Verdict.stepUp(acr, maxAge, "a more recent authentication is required");
        return request -> {
            VerifiedToken token = request.token();
            if (!acr.equals(token.acr().orElse(null))) {
                return wrongAcr;
            }
            if (maxAge != null && token.authTime().map(t -> t.plus(maxAge).isBefore(request.time())).orElse(true)) {
                return tooOld;
            }
            return Verdict.grant();
        };
    }

    /**
     * The risk score of the request is at most {@code max} (0–100); otherwise {@code access_denied}. Without a risk
     * decision the policy cannot be met and refuses (fail closed).
     */
    public static AccessPolicy maxRisk(int max) {
        if (max < 0 || max > 100) {
            throw new IllegalArgumentException("max-risk must be 0..100: " + max);
        }
        Verdict above = Verdict.refuse(RejectionReason.ACCESS_DENIED, "the request's risk score is above " + max);
        Verdict unknown = Verdict.refuse(RejectionReason.ACCESS_DENIED, "the request's risk score is not known");
        return request -> request.risk().map(d -> d.score() > max ? above : Verdict.grant()).orElse(unknown);
    }

    /**
     * The token is sender-constrained (RFC 9700 section 4.10): bound to a DPoP key ({@code cnf.jkt}, RFC 9449) or, unless
     * {@code dpopOnly}, to a client certificate ({@code cnf.x5t#S256}, RFC 8705); otherwise {@code 401
     * proof_of_possession_required}. An enforcement point accepts a bound token only after its proof (zt's filter does
     * so on every request), so a bound token here was proven.
     */
    public static AccessPolicy proofOfPossession(boolean dpopOnly) {
        Verdict refused = Verdict.refuse(RejectionReason.PROOF_OF_POSSESSION_REQUIRED, dpopOnly
                ? "the resource requires a DPoP-bound token" : "the resource requires a sender-constrained token");
        return request -> {
            VerifiedToken t = request.token();
            boolean bound = t.boundKey().isPresent() || !dpopOnly && t.boundCertificate().isPresent();
            return bound ? Verdict.grant() : refused;
        };
    }

    /**
     * A permission decided by a policy decision point ({@link PolicyDecisionPoint}, OpenID AuthZEN): may the caller
     * perform {@code action} on the resource of {@code resourceType} whose id {@code resourceId} reads from the request
     * (a path variable, a method argument; null for the type as a whole). The PDP's verdict: a grant,
     * {@code pdp_denied}, a step-up, or {@code pdp_unavailable}. In shadow mode use {@link #comparedWith}.
     */
    public static AccessPolicy permission(PolicyDecisionPoint pdp, String action, String resourceType,
            java.util.function.Function<AccessRequest, String> resourceId) {
        Objects.requireNonNull(pdp, "pdp");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        return request -> pdp.decide(request, action, resourceType, resourceId.apply(request));
    }

    /**
     * The local policy and the PDP's permission together: enforced (both must grant, the PDP asked only when the local
     * policy grants or asks for a step-up), or in shadow mode ({@link PolicyDecisionPoint#shadow()}) the local
     * decision alone, with the PDP asked every time and a disagreement reported to the audit log.
     */
    public static AccessPolicy comparedWith(AccessPolicy local, PolicyDecisionPoint pdp, String action,
            String resourceType, java.util.function.Function<AccessRequest, String> resourceId) {
        AccessPolicy permission = permission(pdp, action, resourceType, resourceId);
        if (!pdp.shadow()) {
            return allOf(local, permission);
        }
        AccessPolicy safeLocal = safe(local);
        return request -> {
            Verdict mine = safeLocal.decide(request);
            String id = resourceId.apply(request);
            Verdict theirs = pdp.decide(request, action, resourceType, id);
            if (mine.granted() != theirs.granted() || mine.isStepUp() != theirs.isStepUp()) {
                pdp.reportDisagreement(request, action, resourceType, id, mine, theirs);
            }
            return mine;
        };
    }

    /**
     * The risk engine's decision as a verdict: allow grants; step-up asks for its {@code acr}; deny refuses with the
     * decision's reason ({@code risk_denied}, {@code rate_limited}, {@code risk_check_failed}); revoke refuses with
     * {@code session_revoked} and asks the Policy Administrator to revoke. Without a decision it refuses.
     */
    public static AccessPolicy risk() {
        return AccessPolicies::fromRisk;
    }

    private static Verdict fromRisk(AccessRequest request) {
        if (request.risk().isEmpty()) {
            return Verdict.refuse(RejectionReason.RISK_CHECK_FAILED, "the risk engine was not asked");
        }
        Decision d = request.risk().get();
        String detail = "risk policy: " + String.join(", ", d.reasons());
        switch (d.type()) {
            case ALLOW:
                return Verdict.grant();
            case STEP_UP:
                return Verdict.stepUp(d.acr().orElseThrow(), d.maxAge().orElse(null), detail)
                        .withSignals(d.reasons());
            case REVOKE_SESSION:
                return Verdict.refuse(RejectionReason.SESSION_REVOKED, detail).revokingSession()
                        .withSignals(d.reasons());
            default:
                return Verdict.refuse(d.refusal(), detail).withSignals(d.reasons());
        }
    }

    /** Runs a policy; an exception is a refusal. */
    public static Verdict decide(AccessPolicy policy, AccessRequest request) {
        try {
            Verdict v = policy.decide(request);
            return v != null ? v : Verdict.refuse(RejectionReason.ZT_UNAVAILABLE, "a policy returned nothing");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "access policy {0} failed ({1}); refusing", policy.getClass().getName(),
                    e.getClass().getName());
            return Verdict.refuse(RejectionReason.ZT_UNAVAILABLE, "a policy failed");
        }
    }

    private static AccessPolicy safe(AccessPolicy p) {
        return request -> decide(p, request);
    }

    private static boolean matches(Set<String> required, boolean all, Set<String> held) {
        if (all) {
            return held.containsAll(required);
        }
        for (String r : required) {
            if (held.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
