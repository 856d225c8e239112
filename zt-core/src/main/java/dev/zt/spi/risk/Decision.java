package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;
import dev.zt.token.RejectionReason;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trust decision for one request (NIST SP 800-207 Policy Engine output): allow, require step-up authentication
 * (RFC 9470), deny, or revoke the session. Immutable. Reasons are stable snake_case codes from checks and rules.
 */
@AutoValue
public abstract class Decision {

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

    private static final Decision ALLOW = create(Type.ALLOW, null, null, List.of(), 0, Map.of(), null);

    Decision() {
    }

    private static Decision create(Type type, String acr, Duration maxAge, List<String> reasons, int score,
            Map<String, Integer> contributions, RejectionReason refusal) {
        return new AutoValue_Decision(type, Optional.ofNullable(acr), Optional.ofNullable(maxAge),
                List.copyOf(reasons), score,
                contributions.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(contributions)),
                type == Type.DENY ? refusal : null);
    }

    /** Allow, with no reasons. */
    public static Decision allow() {
        return ALLOW;
    }

    /** Require step-up to {@code acr}, with authentication no older than {@code maxAge} when given. */
    public static Decision stepUp(String acr, Duration maxAge, String reason) {
        return create(Type.STEP_UP, Objects.requireNonNull(acr, "acr"), maxAge, List.of(reason), 0, Map.of(), null);
    }

    /** Deny for a reason. */
    public static Decision deny(String reason) {
        return create(Type.DENY, null, null, List.of(reason), 0, Map.of(), null);
    }

    /** Revoke the session for a reason. */
    public static Decision revokeSession(String reason) {
        return create(Type.REVOKE_SESSION, null, null, List.of(reason), 0, Map.of(), null);
    }

    /** A decision with an explicit score and reasons (for trust policies). */
    public static Decision of(Type type, String acr, Duration maxAge, List<String> reasons, int score) {
        return of(type, acr, maxAge, reasons, score, Map.of());
    }

    /**
     * A decision with its score explained: {@code contributions} maps each signal's reason to the score it added (in
     * the order given), so that an operator can tune weights from the audit log.
     */
    public static Decision of(Type type, String acr, Duration maxAge, List<String> reasons, int score,
            Map<String, Integer> contributions) {
        if (type == Type.STEP_UP) {
            Objects.requireNonNull(acr, "a step-up decision needs an acr");
        }
        return create(type, acr, maxAge, reasons, score, contributions, null);
    }

    /**
     * This denial answered with a specific reason: {@code rate_limited} (429, a throttling signal), or
     * {@code risk_check_failed} (a check could not run); the default is {@code risk_denied}.
     *
     * @throws IllegalStateException when this is not a {@link Type#DENY}
     */
    public Decision refusedAs(RejectionReason reason) {
        if (type() != Type.DENY) {
            throw new IllegalStateException("only a denial has a refusal reason");
        }
        return create(type(), acr().orElse(null), maxAge().orElse(null), reasons(), score(), contributions(),
                Objects.requireNonNull(reason, "reason"));
    }

    /** The decision type. */
    public abstract Type type();

    /** True for {@link Type#ALLOW}. */
    public boolean allowed() {
        return type() == Type.ALLOW;
    }

    /** The {@code acr} a step-up must reach. */
    public abstract Optional<String> acr();

    /** The largest acceptable age of the authentication, for step-up. */
    public abstract Optional<Duration> maxAge();

    /** Reason codes, strongest first. */
    public abstract List<String> reasons();

    /** The combined risk score (0–100). */
    public abstract int score();

    /** What each signal (by reason) added to the score, in the order the checks ran; empty when nothing did. */
    public abstract Map<String, Integer> contributions();

    @Nullable
    abstract RejectionReason refusalReason();

    /** How an enforcement point answers a {@link Type#DENY}: {@code risk_denied} unless the policy said otherwise. */
    public RejectionReason refusal() {
        RejectionReason r = refusalReason();
        return r != null ? r : RejectionReason.RISK_DENIED;
    }

    @Override
    public final String toString() {
        return "Decision[" + type() + acr().map(a -> " acr=" + a).orElse("") + " " + reasons() + " score=" + score()
                + "]";
    }
}
