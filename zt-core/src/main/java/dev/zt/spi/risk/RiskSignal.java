package dev.zt.spi.risk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link RiskCheck} found: a score contribution (0–100), a stable snake_case reason code, a detail for the
 * audit log, and optionally an action the check forces regardless of the score: step up to an {@code acr}, deny, or
 * revoke the session. Immutable.
 */
public final class RiskSignal {

    /** An action a check can force. */
    public enum Action {
        /** Require step-up authentication. */
        STEP_UP,
        /** Refuse the request. */
        DENY,
        /** Refuse the request and revoke the session. */
        REVOKE_SESSION
    }

    private static final RiskSignal NONE = new RiskSignal(0, null, null, null, null, null, false);

    private final int score;
    private final String reason;
    private final String detail;
    private final Action action;
    private final String acr;
    private final Duration maxAge;
    private final boolean throttle;

    private RiskSignal(int score, String reason, String detail, Action action, String acr, Duration maxAge,
            boolean throttle) {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0..100: " + score);
        }
        this.score = score;
        this.reason = reason;
        this.detail = detail;
        this.action = action;
        this.acr = acr;
        this.maxAge = maxAge;
        this.throttle = throttle;
    }

    /** Nothing to report. */
    public static RiskSignal none() {
        return NONE;
    }

    /** A score contribution with its reason. */
    public static RiskSignal score(int score, String reason, String detail) {
        return new RiskSignal(score, Objects.requireNonNull(reason), detail, null, null, null, false);
    }

    /** Forces step-up to {@code acr}. */
    public static RiskSignal stepUp(String acr, String reason, String detail) {
        return new RiskSignal(0, Objects.requireNonNull(reason), detail, Action.STEP_UP, Objects.requireNonNull(acr),
                null, false);
    }

    /** Forces step-up to {@code acr} with authentication no older than {@code maxAge}. */
    public static RiskSignal stepUp(String acr, Duration maxAge, String reason, String detail) {
        return new RiskSignal(0, Objects.requireNonNull(reason), detail, Action.STEP_UP, Objects.requireNonNull(acr),
                maxAge, false);
    }

    /** Forces a denial. */
    public static RiskSignal deny(String reason, String detail) {
        return new RiskSignal(100, Objects.requireNonNull(reason), detail, Action.DENY, null, null, false);
    }

    /**
     * Forces a denial because the caller sends too much (answered {@code 429 rate_limited} with {@code Retry-After},
     * not {@code 403}); a non-throttling denial of another check wins over it.
     */
    public static RiskSignal throttle(String reason, String detail) {
        return new RiskSignal(100, Objects.requireNonNull(reason), detail, Action.DENY, null, null, true);
    }

    /** Forces revocation of the session. */
    public static RiskSignal revokeSession(String reason, String detail) {
        return new RiskSignal(100, Objects.requireNonNull(reason), detail, Action.REVOKE_SESSION, null, null, false);
    }

    /** The score contribution, 0–100. */
    public int score() {
        return score;
    }

    /** The reason code, or {@code null} for {@link #none()}. */
    public String reason() {
        return reason;
    }

    /** A detail for the audit log (no secrets). */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** The forced action, if any. */
    public Optional<Action> action() {
        return Optional.ofNullable(action);
    }

    /** The {@code acr} for a forced step-up. */
    public Optional<String> acr() {
        return Optional.ofNullable(acr);
    }

    /** The maximum authentication age for a forced step-up. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** True for a {@link #throttle} denial (too many requests). */
    public boolean throttles() {
        return throttle;
    }

    /** True when the signal reports nothing. */
    public boolean isNone() {
        return reason == null;
    }

    @Override
    public String toString() {
        return isNone() ? "RiskSignal[none]" : "RiskSignal[" + reason + " score=" + score
                + (action == null ? "" : " " + action + (acr == null ? "" : " " + acr)) + "]";
    }
}
