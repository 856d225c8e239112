package dev.zt.policy;

import java.util.List;

/**
 * An external policy decision point zt asks for resource-level decisions ("may alice approve order 42?"), in NIST SP
 * 800-207 terms the policy engine of the organisation, with zt as the enforcement point. zt's implementation speaks the
 * OpenID AuthZEN Authorization API 1.0 ({@code zt.authzen.*}); obtained from {@code ZeroTrust.policyDecisionPoint()}.
 *
 * <p>Security notes: the answer fails closed. A timeout, an unreachable or overloaded PDP, an error status or a
 * malformed answer is {@code 503 pdp_unavailable}; only {@code "decision": true} grants; {@code false} is
 * {@code 403 pdp_denied}, or a step-up (RFC 9470) when the PDP's decision context names {@code acr_values}. The PDP's
 * reasons go to the audit log, never to the client.
 */
public interface PolicyDecisionPoint {

    /** How a batch of evaluations is decided (AuthZEN section 7.1.2, {@code options.evaluations_semantic}). */
    enum Semantics {
        /** Every evaluation is made. */
        EXECUTE_ALL("execute_all"),
        /** Evaluation stops at the first deny. */
        DENY_ON_FIRST_DENY("deny_on_first_deny"),
        /** Evaluation stops at the first permit. */
        PERMIT_ON_FIRST_PERMIT("permit_on_first_permit");

        private final String wire;

        Semantics(String wire) {
            this.wire = wire;
        }

        /** The value on the wire. */
        public String wire() {
            return wire;
        }
    }

    /**
     * The decision for the request's caller to perform {@code action} on the resource of {@code resourceType} and
     * {@code resourceId} (null: the type as a whole): a grant, {@code pdp_denied}, a step-up, or {@code pdp_unavailable}.
     * Never throws for anything the PDP does.
     */
    Verdict decide(AccessRequest request, String action, String resourceType, String resourceId);

    /**
     * Decisions for many resources of one type in one call (AuthZEN evaluations), e.g. to filter a list: one verdict
     * per id, in order. With a short-circuit semantics the resources after the deciding one that the PDP did not
     * evaluate are refused ({@code pdp_denied} after a deny, and so never shown by mistake). A failed call refuses every
     * one with {@code pdp_unavailable}.
     */
    List<Verdict> decideAll(AccessRequest request, String action, String resourceType, List<String> resourceIds,
            Semantics semantics);

    /** True in shadow mode ({@code zt.authzen.mode=shadow}): decisions are compared and logged, never enforced. */
    boolean shadow();

    /** Reports a disagreement between the PDP and the local decision (shadow mode), to the audit log. */
    void reportDisagreement(AccessRequest request, String action, String resourceType, String resourceId,
            Verdict local, Verdict pdp);
}
