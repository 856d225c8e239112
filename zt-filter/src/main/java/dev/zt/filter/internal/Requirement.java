package dev.zt.filter.internal;

import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What a path rule requires of the caller's token. Immutable. */
public final class Requirement {

    /** Why a requirement is not met, with what a challenge needs to say. */
    public static final class Failure {
        // read by the filter to build the challenge
        public final RejectionReason reason;
        public final String detail;
        public final Set<String> scopes;
        public final String acr;
        public final Duration maxAge;

        /** A step-up demanded by the risk engine. */
        public static Failure stepUp(String acr, Duration maxAge, String detail) {
            return new Failure(RejectionReason.STEP_UP_REQUIRED, detail, null, acr, maxAge);
        }

        Failure(RejectionReason reason, String detail, Set<String> scopes, String acr, Duration maxAge) {
            this.reason = reason;
            this.detail = detail;
            this.scopes = scopes;
            this.acr = acr;
            this.maxAge = maxAge;
        }
    }

    static final Requirement AUTHENTICATED = new Requirement(false, Set.of(), false, Set.of(), false, null, null, null);
    static final Requirement DENY = new Requirement(true, Set.of(), false, Set.of(), false, null, null, null);

    private final boolean deny;
    private final Set<String> roles;
    private final boolean allRoles;
    private final Set<String> scopes;
    private final boolean allScopes;
    private final String acr;
    private final Duration maxAge;
    private final Integer maxRisk;

    Requirement(boolean deny, Set<String> roles, boolean allRoles, Set<String> scopes, boolean allScopes, String acr,
            Duration maxAge, Integer maxRisk) {
        this.deny = deny;
        this.roles = Set.copyOf(roles);
        this.allRoles = allRoles;
        this.scopes = Set.copyOf(scopes);
        this.allScopes = allScopes;
        this.acr = acr;
        this.maxAge = maxAge;
        this.maxRisk = maxRisk;
    }

    /** The highest acceptable risk score, when the rule sets one. */
    public Integer maxRisk() {
        return maxRisk;
    }

    /** Checks the token; {@code null} when every requirement is met. */
    public Failure check(VerifiedToken token, Instant now) {
        if (deny) {
            return new Failure(RejectionReason.ACCESS_DENIED, "access to this resource is denied", null, null, null);
        }
        if (!roles.isEmpty()) {
            boolean ok = allRoles ? token.roles().containsAll(roles) : roles.stream().anyMatch(token.roles()::contains);
            if (!ok) {
                return new Failure(RejectionReason.INSUFFICIENT_ROLE, (allRoles ? "all" : "one") + " of the roles "
                        + List.copyOf(roles) + " is required", null, null, null);
            }
        }
        if (!scopes.isEmpty()) {
            boolean ok = allScopes ? token.scopes().containsAll(scopes)
                    : scopes.stream().anyMatch(token.scopes()::contains);
            if (!ok) {
                return new Failure(RejectionReason.INSUFFICIENT_SCOPE, (allScopes ? "all" : "one") + " of the scopes "
                        + List.copyOf(scopes) + " is required", scopes, null, null);
            }
        }
        if (acr != null) {
            boolean acrOk = acr.equals(token.acr().orElse(null));
            boolean fresh = maxAge == null || token.authTime().map(t -> !t.plus(maxAge).isBefore(now)).orElse(false);
            if (!acrOk || !fresh) {
                return new Failure(RejectionReason.STEP_UP_REQUIRED, !acrOk ? "authentication with acr " + acr
                        + " is required" : "a more recent authentication is required", null, acr, maxAge);
            }
        }
        return null;
    }
}
