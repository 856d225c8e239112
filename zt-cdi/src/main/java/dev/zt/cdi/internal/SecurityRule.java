package dev.zt.cdi.internal;

import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.ZeroTrustContext;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private final Set<String> roles;
    private final boolean allRoles;
    private final Set<String> scopes;
    private final boolean allScopes;
    private final String acr;
    private final Duration maxAge;
    private final Integer maxRisk;
    private final List<String[]> claims;

    SecurityRule(Kind kind, boolean authenticated, Set<String> roles, boolean allRoles, Set<String> scopes,
            boolean allScopes, String acr, Duration maxAge, Integer maxRisk, List<String[]> claims) {
        this.kind = kind;
        this.authenticated = authenticated;
        this.roles = Set.copyOf(roles);
        this.allRoles = allRoles;
        this.scopes = Set.copyOf(scopes);
        this.allScopes = allScopes;
        this.acr = acr;
        this.maxAge = maxAge;
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
        if (!roles.isEmpty()) {
            boolean ok = allRoles ? token.roles().containsAll(roles) : roles.stream().anyMatch(token.roles()::contains);
            if (!ok) {
                throw new AccessDeniedException(RejectionReason.INSUFFICIENT_ROLE, (allRoles ? "all" : "one")
                        + " of the roles " + new ArrayList<>(roles) + " is required");
            }
        }
        if (!scopes.isEmpty()) {
            boolean ok = allScopes ? token.scopes().containsAll(scopes)
                    : scopes.stream().anyMatch(token.scopes()::contains);
            if (!ok) {
                throw new AccessDeniedException(RejectionReason.INSUFFICIENT_SCOPE, (allScopes ? "all" : "one")
                        + " of the scopes " + new ArrayList<>(scopes) + " is required", scopes);
            }
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
        if (acr != null) {
            if (!acr.equals(token.acr().orElse(null))) {
                throw new StepUpRequiredException(acr, maxAge, "authentication with acr " + acr + " is required");
            }
            if (maxAge != null && token.authTime().map(t -> t.plus(maxAge).isBefore(now)).orElse(true)) {
                throw new StepUpRequiredException(acr, maxAge, "a more recent authentication is required");
            }
        }
    }

    @Override
    public String toString() {
        return "SecurityRule[" + kind + (authenticated ? " authenticated" : "") + (roles.isEmpty() ? "" : " roles="
                + roles) + (scopes.isEmpty() ? "" : " scopes=" + scopes) + (acr == null ? "" : " acr=" + acr) + "]";
    }

    /** For tests: a map view of the rule's main parts. */
    Map<String, Object> describe() {
        return Map.of("kind", kind, "roles", roles, "scopes", scopes);
    }
}
