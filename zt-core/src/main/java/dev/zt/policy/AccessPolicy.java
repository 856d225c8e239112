package dev.zt.policy;

/**
 * One authorization rule as a function from a request to a {@link Verdict}: path rules ({@code zt.rules}), zt-cdi's
 * annotations, {@code max-risk} and the risk engine's decision all compile to it, and {@link AccessPolicies} composes
 * them (all of, any of) with deny by default. Implementations must be thread-safe, must not block, and must not throw:
 * an exception is treated as a refusal ({@code zt_unavailable}) by every enforcement point.
 *
 * <pre>{@code
 * AccessPolicy officeHours = request -> isOfficeHours(request.time()) ? Verdict.grant()
 *         : Verdict.refuse(RejectionReason.ACCESS_DENIED, "outside office hours");
 * }</pre>
 */
@FunctionalInterface
public interface AccessPolicy {

    /** Decides the request. */
    Verdict decide(AccessRequest request);
}
