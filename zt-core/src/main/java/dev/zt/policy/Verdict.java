package dev.zt.policy;

import com.google.auto.value.AutoValue;
import dev.zt.token.RejectionReason;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What zt decided about one request or call, independent of any servlet API: {@linkplain #grant() granted},
 * {@linkplain #refuse refused} with a typed {@link RejectionReason} (and, where the standards define one, the challenge
 * a client needs: the scopes of an RFC 6750 {@code insufficient_scope} answer, the {@code acr}/{@code max_age} of an
 * RFC 9470 step-up), or {@linkplain #handled() handled} (a protocol endpoint answered the request itself). A refusal may
 * ask the Policy Administrator to {@linkplain #revocation() revoke} the caller's session or token. Immutable.
 *
 * <p>Security: {@link #detail()} is for the audit log only; responses carry the reason's generic text (clients learn
 * the reason code and the challenge, never which risk signal fired or which key was missing).
 */
@AutoValue
public abstract class Verdict {

    /** The three shapes of a decision. */
    public enum Outcome {
        /** The request may proceed. */
        GRANT,
        /** The request is refused. */
        REFUSE,
        /** An endpoint of zt's own answered the request; nothing further happens. */
        HANDLED
    }

    /** What the Policy Administrator is asked to revoke along with a refusal. */
    public enum Revocation {
        /** Nothing. */
        NONE,
        /** The caller's zt session (or, for an access token without a session, the token). */
        SESSION
    }

    private static final Verdict GRANT = create(Outcome.GRANT, null, null, null, null, null, Revocation.NONE,
            List.of());
    private static final Verdict HANDLED = create(Outcome.HANDLED, null, null, null, null, null, Revocation.NONE,
            List.of());

    Verdict() {
    }

    private static Verdict create(Outcome outcome, RejectionReason reason, String detail, Set<String> scopes,
            String acr, Duration maxAge, Revocation revocation, List<String> signals) {
        return new AutoValue_Verdict(outcome, Optional.ofNullable(reason), Optional.ofNullable(detail),
                Optional.ofNullable(scopes), Optional.ofNullable(acr), Optional.ofNullable(maxAge), revocation,
                signals);
    }

    /** The request may proceed. */
    public static Verdict grant() {
        return GRANT;
    }

    /** An endpoint answered the request. */
    public static Verdict handled() {
        return HANDLED;
    }

    /**
     * A refusal for a reason, with a detail for the audit log.
     *
     * @throws IllegalArgumentException for {@code step_up_required} (use {@link #stepUp}) or
     *     {@code insufficient_scope} (use {@link #insufficientScope}), whose challenges need more
     */
    public static Verdict refuse(RejectionReason reason, String detail) {
        Objects.requireNonNull(reason, "reason");
        if (reason == RejectionReason.STEP_UP_REQUIRED || reason == RejectionReason.INSUFFICIENT_SCOPE) {
            throw new IllegalArgumentException(reason.code() + " needs its challenge: use stepUp or insufficientScope");
        }
        return create(Outcome.REFUSE, reason, detail, null, null, null, Revocation.NONE, List.of());
    }

    /** A refusal for missing scopes (RFC 6750 section 3.1): the challenge names the scopes that would do. */
    public static Verdict insufficientScope(Set<String> scopes, String detail) {
        return create(Outcome.REFUSE, RejectionReason.INSUFFICIENT_SCOPE, detail, Set.copyOf(scopes), null, null,
                Revocation.NONE, List.of());
    }

    /**
     * A step-up (RFC 9470 section 3): authentication with {@code acr}, no older than {@code maxAge} when given. Step-ups
     * are answered last: a refusal that stronger authentication cannot cure wins over them ({@link AccessPolicies}).
     */
    public static Verdict stepUp(String acr, Duration maxAge, String detail) {
        return create(Outcome.REFUSE, RejectionReason.STEP_UP_REQUIRED, detail, null,
                Objects.requireNonNull(acr, "acr"), maxAge, Revocation.NONE, List.of());
    }

    /** This refusal, asking the Policy Administrator to revoke the caller's session too. */
    public Verdict revokingSession() {
        if (outcome() != Outcome.REFUSE) {
            throw new IllegalStateException("only a refusal revokes");
        }
        return new AutoValue_Verdict(outcome(), reason(), detail(), scopes(), acr(), maxAge(), Revocation.SESSION,
                signals());
    }

    /** This verdict with the risk signals that led to it (reason codes, for the audit log and metrics). */
    public Verdict withSignals(List<String> codes) {
        return new AutoValue_Verdict(outcome(), reason(), detail(), scopes(), acr(), maxAge(), revocation(),
                List.copyOf(codes));
    }

    /** The outcome. */
    public abstract Outcome outcome();

    /** True when the request may proceed. */
    public boolean granted() {
        return outcome() == Outcome.GRANT;
    }

    /** True for a refusal. */
    public boolean refused() {
        return outcome() == Outcome.REFUSE;
    }

    /** True for a refusal that stepping up can cure ({@code step_up_required}). */
    public boolean isStepUp() {
        return reason().filter(RejectionReason.STEP_UP_REQUIRED::equals).isPresent();
    }

    /** The reason of a refusal. */
    public abstract Optional<RejectionReason> reason();

    /** The specific detail of a refusal, for the audit log only (never sent to the client). */
    public abstract Optional<String> detail();

    /** The scopes an {@code insufficient_scope} challenge names. */
    public abstract Optional<Set<String>> scopes();

    /** The {@code acr} a step-up must reach. */
    public abstract Optional<String> acr();

    /** The largest acceptable authentication age of a step-up. */
    public abstract Optional<Duration> maxAge();

    /** What the Policy Administrator is asked to revoke. */
    public abstract Revocation revocation();

    /** The risk signals (reason codes) behind the verdict, strongest first. */
    public abstract List<String> signals();

    @Override
    public final String toString() {
        return "Verdict[" + outcome() + reason().map(r -> " " + r.code()).orElse("") + acr().map(a -> " acr=" + a)
                .orElse("") + (revocation() == Revocation.NONE ? "" : " revoke " + revocation())
                + (signals().isEmpty() ? "" : " " + signals()) + "]";
    }
}
