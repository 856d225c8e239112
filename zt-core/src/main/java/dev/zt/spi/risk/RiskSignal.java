package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link RiskCheck} found: a score contribution (0–100), a stable snake_case reason code, a detail for the
 * audit log, and optionally an action the check forces regardless of the score: step up to an {@code acr}, deny, or
 * revoke the session. Immutable.
 */
@AutoValue
public abstract class RiskSignal {

    /** An action a check can force. */
    public enum Action {
        /** Require step-up authentication. */
        STEP_UP,
        /** Refuse the request. */
        DENY,
        /** Refuse the request and revoke the session. */
        REVOKE_SESSION
    }

    private static final RiskSignal NONE = create(0, null, null, null, null, null, false);

    RiskSignal() {
    }

    private static RiskSignal create(int score, String reason, String detail, Action action, String acr,
            Duration maxAge, boolean throttle) {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0..100: " + score);
        }
        return new AutoValue_RiskSignal(score, reason, Optional.ofNullable(detail), Optional.ofNullable(action),
                Optional.ofNullable(acr), Optional.ofNullable(maxAge), throttle);
    }

    /** Nothing to report. */
    public static RiskSignal none() {
        return NONE;
    }

    /** A score contribution with its reason. */
    public static RiskSignal score(int score, String reason, String detail) {
        return create(score, Objects.requireNonNull(reason), detail, null, null, null, false);
    }

    /** Forces step-up to {@code acr}. */
    public static RiskSignal stepUp(String acr, String reason, String detail) {
        return create(0, Objects.requireNonNull(reason), detail, Action.STEP_UP, Objects.requireNonNull(acr),
                null, false);
    }

    /** Forces step-up to {@code acr} with authentication no older than {@code maxAge}. */
    public static RiskSignal stepUp(String acr, Duration maxAge, String reason, String detail) {
        return create(0, Objects.requireNonNull(reason), detail, Action.STEP_UP, Objects.requireNonNull(acr),
                maxAge, false);
    }

    /**
     * Forces step-up to {@code acr} with authentication no older than {@code maxAge}, and adds {@code score} (0 to
     * 100), so that the decision's {@code contributions} say how much this signal weighed.
     */
    public static RiskSignal stepUp(String acr, Duration maxAge, int score, String reason, String detail) {
        return create(score, Objects.requireNonNull(reason), detail, Action.STEP_UP, Objects.requireNonNull(acr),
                maxAge, false);
    }

    /** Forces a denial. */
    public static RiskSignal deny(String reason, String detail) {
        return create(100, Objects.requireNonNull(reason), detail, Action.DENY, null, null, false);
    }

    /**
     * Forces a denial because the caller sends too much (answered {@code 429 rate_limited} with {@code Retry-After},
     * not {@code 403}); a non-throttling denial of another check wins over it.
     */
    public static RiskSignal throttle(String reason, String detail) {
        return create(100, Objects.requireNonNull(reason), detail, Action.DENY, null, null, true);
    }

    /** Forces revocation of the session. */
    public static RiskSignal revokeSession(String reason, String detail) {
        return create(100, Objects.requireNonNull(reason), detail, Action.REVOKE_SESSION, null, null, false);
    }

    /** The score contribution, 0–100. */
    public abstract int score();

    /** The reason code, or {@code null} for {@link #none()}. */
    @Nullable
    public abstract String reason();

    /** A detail for the audit log (no secrets). */
    public abstract Optional<String> detail();

    /** The forced action, if any. */
    public abstract Optional<Action> action();

    /** The {@code acr} for a forced step-up. */
    public abstract Optional<String> acr();

    /** The maximum authentication age for a forced step-up. */
    public abstract Optional<Duration> maxAge();

    /** True for a {@link #throttle} denial (too many requests). */
    public abstract boolean throttles();

    /** True when the signal reports nothing. */
    public boolean isNone() {
        return reason() == null;
    }

    @Override
    public final String toString() {
        return isNone() ? "RiskSignal[none]" : "RiskSignal[" + reason() + " score=" + score()
                + action().map(a -> " " + a + acr().map(r -> " " + r).orElse("")).orElse("") + "]";
    }
}
