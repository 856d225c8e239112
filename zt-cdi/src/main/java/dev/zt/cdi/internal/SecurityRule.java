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
    private final Permission permission;

    /**
     * What {@code @RequiresPermission} asks a policy decision point: the resource type, the action, and where the id
     * is (the method parameter's index, and its {@code @PathParam} name when it has one; index -1: no id).
     */
    static final class Permission {
        final String resource;
        final String action;
        final int index;
        final String pathParam;

        Permission(String resource, String action, int index, String pathParam) {
            this.resource = resource;
            this.action = action;
            this.index = index;
            this.pathParam = pathParam;
        }
    }

    /**
     * Where a call's permission id comes from: the invoked method's arguments (the interceptor), or, before the
     * method runs, JAX-RS's path parameters (the JAX-RS filter), with whether the interceptor checks again.
     */
    static final class Call {
        final java.util.List<Object> arguments;
        final java.util.function.Function<String, String> pathParams;
        final boolean interceptorFollows;
        /** The PDP grants this request already holds, or null. */
        final Grants grants;

        Call(java.util.List<Object> arguments, java.util.function.Function<String, String> pathParams,
                boolean interceptorFollows, Grants grants) {
            this.arguments = arguments;
            this.pathParams = pathParams;
            this.interceptorFollows = interceptorFollows;
            this.grants = grants;
        }

        /** A method invocation with its arguments. */
        static Call invocation(Object[] arguments, Grants grants) {
            return new Call(arguments == null ? java.util.List.of() : java.util.Arrays.asList(arguments), null, false,
                    grants);
        }
    }

    /**
     * The permissions a PDP granted during the current request, per rule and resource id: the JAX-RS filter's grant
     * is reused by the interceptor on the same method for the same id, so one request asks the PDP once.
     */
    interface Grants {
        /** True when {@code rule} was granted for {@code resourceId} in this request. */
        boolean granted(SecurityRule rule, String resourceId);

        /** Records a grant. */
        void grant(SecurityRule rule, String resourceId);
    }

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
        this.permission = null;
    }

    private SecurityRule(SecurityRule rule, Permission permission) {
        this.kind = rule.kind;
        this.authenticated = rule.authenticated;
        this.roles = rule.roles;
        this.scopes = rule.scopes;
        this.acr = rule.acr;
        this.policy = rule.policy;
        this.permission = permission;
    }

    /** This rule with a permission a policy decision point must grant. */
    SecurityRule withPermission(Permission p) {
        return new SecurityRule(this, p);
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

    /**
     * True when the verdict depends on the caller or refuses: every checked rule but {@code @PermitAll}, whose verdict
     * is a grant whoever calls (so a permitted call costs no look-up of the caller).
     */
    public boolean needsCaller() {
        return kind == Kind.CHECK || kind == Kind.DENY_ALL;
    }

    /**
     * The verdict for the caller.
     *
     * @param context the request's zt context, or {@code null} when the method runs outside a zt-verified request
     * @param where the method, for {@link AccessRequest#path()}
     * @param call where a permission's resource id comes from
     * @param runtime the application's engine (its policy decision point), or null
     */
    public Verdict decide(ZeroTrustContext context, Instant now, String where, Call call, ZeroTrustRuntime runtime) {
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
        AccessRequest.Builder request = AccessRequest.builder().token(token).risk(context.decision()).time(now)
                .path(where).clientAddress(context.clientAddress()).country(context.country().orElse(null))
                .sessionCreatedAt(context.session().map(dev.zt.session.SessionView::createdAt).orElse(null));
        if (permission == null) {
            return AccessPolicies.decide(policy, request.build());
        }
        String id = null;
        if (permission.index >= 0) {
            if (call.arguments != null && permission.index < call.arguments.size()) {
                Object arg = call.arguments.get(permission.index);
                id = arg == null ? null : String.valueOf(arg);
            } else if (call.pathParams != null && permission.pathParam != null) {
                id = call.pathParams.apply(permission.pathParam);
            } else if (call.interceptorFollows) {
                return AccessPolicies.decide(policy, request.build()); // the interceptor asks, with the argument
            } else {
                return Verdict.refuse(RejectionReason.ACCESS_DENIED, "the permission's resource id is a method argument"
                        + " and this JAX-RS resource is not intercepted by CDI: make it a CDI bean or name a"
                        + " @PathParam");
            }
            if (id == null) {
                return Verdict.refuse(RejectionReason.ACCESS_DENIED, "the permission's resource id is null");
            }
        }
        dev.zt.policy.PolicyDecisionPoint pdp = runtime == null ? null : runtime.engine()
                .flatMap(dev.zt.ZeroTrust::policyDecisionPoint).orElse(null);
        if (pdp == null) {
            return Verdict.refuse(RejectionReason.PDP_UNAVAILABLE, "@RequiresPermission without zt.authzen.pdp");
        }
        String resourceId = id;
        String key = id == null ? "" : id;
        Grants grants = call.grants;
        try {
            if (grants != null && grants.granted(this, key)) {
                return Verdict.grant(); // the same rule, caller and resource, granted earlier in this request
            }
        } catch (RuntimeException noRequestContext) {
            grants = null; // nothing remembered: the PDP is asked
        }
        AccessRequest r = request.arguments(call.arguments == null ? java.util.List.of() : call.arguments).build();
        Verdict v = AccessPolicies.decide(AccessPolicies.comparedWith(policy, pdp, permission.action,
                permission.resource, x -> resourceId), r);
        if (v.granted() && grants != null) {
            grants.grant(this, key);
        }
        return v;
    }

    /**
     * Enforces the rule for the caller: throws the refusal, or in report-only mode logs it and lets the call proceed.
     *
     * @throws AccessDeniedException 403 refusals
     * @throws StepUpRequiredException when stronger or fresher authentication is needed
     */
    public void enforce(ZeroTrustContext context, Instant now, String where, ZeroTrustRuntime runtime) {
        enforce(context, now, where, Call.invocation(null, null), runtime);
    }

    /** As {@link #enforce(ZeroTrustContext, Instant, String, ZeroTrustRuntime)}, for a call. */
    void enforce(ZeroTrustContext context, Instant now, String where, Call call, ZeroTrustRuntime runtime) {
        Verdict v = decide(context, now, where, call, runtime);
        if (v.granted()) {
            return;
        }
        if (runtime != null && runtime.reportOnly()) {
            if (!call.interceptorFollows) { // else the call proceeds and its interceptor reports it: once per call
                runtime.wouldRefuse(v.reason().orElseThrow().code(), where, context == null ? null
                        : context.subject().orElse(null));
            }
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
