package dev.zt.spi.risk;

import dev.zt.token.RejectionReason;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The trust decision for one request (NIST SP 800-207 Policy Engine output): allow, require step-up authentication
 * (RFC 9470), deny, or revoke the session. Immutable. Reasons are stable snake_case codes from checks and rules.
 */
public final class Decision {

    /** What the enforcement point must do. */
    public enum Type {
        /** Continue the request. */
        ALLOW,
        /** Ask for stronger or more recent authentication ({@link #acr()}, {@link #maxAge()}). */
        STEP_UP,
        /** Refuse the request. */
        DENY,
        /** Refuse the request and revoke the caller's session. */
        REVOKE_SESSION
    }

    private static final Decision ALLOW = new Decision(Type.ALLOW, null, null, List.of(), 0, null);

    private final Type type;
    private final RejectionReason refusal;
    private final String acr;
    private final Duration maxAge;
    private final List<String> reasons;
    private final int score;

    private Decision(Type type, String acr, Duration maxAge, List<String> reasons, int score,
            RejectionReason refusal) {
        this.type = type;
        this.refusal = type == Type.DENY ? (refusal != null ? refusal : RejectionReason.RISK_DENIED) : null;
        this.acr = acr;
        this.maxAge = maxAge;
        this.reasons = List.copyOf(reasons);
        this.score = score;
    }

    /** Allow, with no reasons. */
    public static Decision allow() {
        return ALLOW;
    }

    /** Require step-up to {@code acr}, with authentication no older than {@code maxAge} when given. */
    public static Decision stepUp(String acr, Duration maxAge, String reason) {
        return new Decision(Type.STEP_UP, Objects.requireNonNull(acr, "acr"), maxAge, List.of(reason), 0, null);
    }

    /** Deny for a reason. */
    public static Decision deny(String reason) {
        return new Decision(Type.DENY, null, null, List.of(reason), 0, null);
    }

    /** Revoke the session for a reason. */
    public static Decision revokeSession(String reason) {
        return new Decision(Type.REVOKE_SESSION, null, null, List.of(reason), 0, null);
    }

    /** A decision with an explicit score and reasons (for trust policies). */
    public static Decision of(Type type, String acr, Duration maxAge, List<String> reasons, int score) {
        if (type == Type.STEP_UP) {
            Objects.requireNonNull(acr, "a step-up decision needs an acr");
        }
        return new Decision(type, acr, maxAge, reasons, score, null);
    }

    /**
     * This denial answered with a specific reason: {@code rate_limited} (429, a throttling signal), or
     * {@code risk_check_failed} (a check could not run); the default is {@code risk_denied}.
     *
     * @throws IllegalStateException when this is not a {@link Type#DENY}
     */
    public Decision refusedAs(RejectionReason reason) {
        if (type != Type.DENY) {
            throw new IllegalStateException("only a denial has a refusal reason");
        }
        return new Decision(type, acr, maxAge, reasons, score, Objects.requireNonNull(reason, "reason"));
    }

    /** The decision type. */
    public Type type() {
        return type;
    }

    /** True for {@link Type#ALLOW}. */
    public boolean allowed() {
        return type == Type.ALLOW;
    }

    /** The {@code acr} a step-up must reach. */
    public Optional<String> acr() {
        return Optional.ofNullable(acr);
    }

    /** The largest acceptable age of the authentication, for step-up. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** How an enforcement point answers a {@link Type#DENY}: {@code risk_denied} unless the policy said otherwise. */
    public RejectionReason refusal() {
        return refusal != null ? refusal : RejectionReason.RISK_DENIED;
    }

    /** Reason codes, strongest first. */
    public List<String> reasons() {
        return reasons;
    }

    /** The combined risk score (0–100). */
    public int score() {
        return score;
    }

    @Override
    public String toString() {
        return "Decision[" + type + (acr == null ? "" : " acr=" + acr) + " " + reasons + " score=" + score + "]";
    }
}
