package dev.zt.internal.authz;

import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The token-only part of an authorization rule, shared by the filter's path rules and the CDI annotations: roles,
 * scopes, and the authentication strength ({@code acr}, and how recent {@code auth_time} must be). Immutable.
 *
 * <p>Grants (roles, scopes) and authentication are checked separately so that callers can put their own checks in
 * between: a refusal that stepping up cannot cure is answered before a step-up is asked for (RFC 9470 section 3).
 */
public final class TokenRule {

    /** Requires nothing of the token. */
    public static final TokenRule NONE = new TokenRule(Set.of(), false, Set.of(), false, null, null);

    /** Why a token does not meet a rule, with what a challenge needs to say. Immutable. */
    public static final class Unmet {
        // read by the filter and the interceptor to build the answer
        public final RejectionReason reason;
        public final String detail;
        /** The required scopes, for an {@code insufficient_scope} challenge; otherwise {@code null}. */
        public final Set<String> scopes;
        /** The required {@code acr}, for a step-up; otherwise {@code null}. */
        public final String acr;
        /** The required authentication recency, for a step-up; may be {@code null}. */
        public final Duration maxAge;

        /** A refusal that is not a step-up and names no scopes. */
        public static Unmet denied(RejectionReason reason, String detail) {
            return new Unmet(reason, detail, null, null, null);
        }

        /** A step-up (RFC 9470): authentication with {@code acr}, at most {@code maxAge} old when given. */
        public static Unmet stepUp(String acr, Duration maxAge, String detail) {
            return new Unmet(RejectionReason.STEP_UP_REQUIRED, detail, null, Objects.requireNonNull(acr, "acr"),
                    maxAge);
        }

        private Unmet(RejectionReason reason, String detail, Set<String> scopes, String acr, Duration maxAge) {
            this.reason = reason;
            this.detail = detail;
            this.scopes = scopes;
            this.acr = acr;
            this.maxAge = maxAge;
        }
    }

    private final Set<String> roles;
    private final boolean allRoles;
    private final Set<String> scopes;
    private final boolean allScopes;
    private final String acr;
    private final Duration maxAge;

    /**
     * Creates a rule.
     *
     * @param allRoles whether every role is required (otherwise one of them)
     * @param allScopes whether every scope is required (otherwise one of them)
     * @param acr the required authentication context class, or {@code null}
     * @param maxAge how recent {@code auth_time} must be when {@code acr} is required, or {@code null}
     */
    public TokenRule(Set<String> roles, boolean allRoles, Set<String> scopes, boolean allScopes, String acr,
            Duration maxAge) {
        this.roles = Set.copyOf(roles);
        this.allRoles = allRoles;
        this.scopes = Set.copyOf(scopes);
        this.allScopes = allScopes;
        this.acr = acr;
        this.maxAge = maxAge;
    }

    /** The roles, for descriptions. */
    public Set<String> roles() {
        return roles;
    }

    /** The scopes, for descriptions. */
    public Set<String> scopes() {
        return scopes;
    }

    /** The required {@code acr}, or {@code null}. */
    public String acr() {
        return acr;
    }

    /** Roles and scopes: {@code insufficient_role} or {@code insufficient_scope}; {@code null} when met. */
    public Unmet checkGrants(VerifiedToken token) {
        if (!roles.isEmpty() && !matches(roles, allRoles, token.roles())) {
            return Unmet.denied(RejectionReason.INSUFFICIENT_ROLE, (allRoles ? "all" : "one") + " of the roles "
                    + List.copyOf(roles) + " is required");
        }
        if (!scopes.isEmpty() && !matches(scopes, allScopes, token.scopes())) {
            return new Unmet(RejectionReason.INSUFFICIENT_SCOPE, (allScopes ? "all" : "one") + " of the scopes "
                    + List.copyOf(scopes) + " is required", scopes, null, null);
        }
        return null;
    }

    /** The authentication strength and recency: a step-up; {@code null} when met. */
    public Unmet checkAuthentication(VerifiedToken token, Instant now) {
        if (acr == null) {
            return null;
        }
        if (!acr.equals(token.acr().orElse(null))) {
            return Unmet.stepUp(acr, maxAge, "authentication with acr " + acr + " is required");
        }
        if (maxAge != null && token.authTime().map(t -> t.plus(maxAge).isBefore(now)).orElse(true)) {
            return Unmet.stepUp(acr, maxAge, "a more recent authentication is required");
        }
        return null;
    }

    private static boolean matches(Set<String> required, boolean all, Set<String> held) {
        return all ? held.containsAll(required) : required.stream().anyMatch(held::contains);
    }
}
