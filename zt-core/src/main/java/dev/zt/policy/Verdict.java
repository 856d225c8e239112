package dev.zt.policy;

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
public final class Verdict {

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

    private static final Verdict GRANT = new Verdict(Outcome.GRANT, null, null, null, null, null, Revocation.NONE,
            List.of());
    private static final Verdict HANDLED = new Verdict(Outcome.HANDLED, null, null, null, null, null,
            Revocation.NONE, List.of());

    private final Outcome outcome;
    private final RejectionReason reason;
    private final String detail;
    private final Set<String> scopes;
    private final String acr;
    private final Duration maxAge;
    private final Revocation revocation;
    private final List<String> signals;

    private Verdict(Outcome outcome, RejectionReason reason, String detail, Set<String> scopes, String acr,
            Duration maxAge, Revocation revocation, List<String> signals) {
        this.outcome = outcome;
        this.reason = reason;
        this.detail = detail;
        this.scopes = scopes;
        this.acr = acr;
        this.maxAge = maxAge;
        this.revocation = revocation;
        this.signals = signals;
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
        return new Verdict(Outcome.REFUSE, reason, detail, null, null, null, Revocation.NONE, List.of());
    }

    /** A refusal for missing scopes (RFC 6750 section 3.1): the challenge names the scopes that would do. */
    public static Verdict insufficientScope(Set<String> scopes, String detail) {
        return new Verdict(Outcome.REFUSE, RejectionReason.INSUFFICIENT_SCOPE, detail, Set.copyOf(scopes), null, null,
                Revocation.NONE, List.of());
    }

    /**
     * A step-up (RFC 9470 section 3): authentication with {@code acr}, no older than {@code maxAge} when given. Step-ups
     * are answered last: a refusal that stronger authentication cannot cure wins over them ({@link AccessPolicies}).
     */
    public static Verdict stepUp(String acr, Duration maxAge, String detail) {
        return new Verdict(Outcome.REFUSE, RejectionReason.STEP_UP_REQUIRED, detail, null,
                Objects.requireNonNull(acr, "acr"), maxAge, Revocation.NONE, List.of());
    }

    /** This refusal, asking the Policy Administrator to revoke the caller's session too. */
    public Verdict revokingSession() {
        if (outcome != Outcome.REFUSE) {
            throw new IllegalStateException("only a refusal revokes");
        }
        return new Verdict(outcome, reason, detail, scopes, acr, maxAge, Revocation.SESSION, signals);
    }

    /** This verdict with the risk signals that led to it (reason codes, for the audit log and metrics). */
    public Verdict withSignals(List<String> codes) {
        return new Verdict(outcome, reason, detail, scopes, acr, maxAge, revocation, List.copyOf(codes));
    }

    /** The outcome. */
    public Outcome outcome() {
        return outcome;
    }

    /** True when the request may proceed. */
    public boolean granted() {
        return outcome == Outcome.GRANT;
    }

    /** True for a refusal. */
    public boolean refused() {
        return outcome == Outcome.REFUSE;
    }

    /** True for a refusal that stepping up can cure ({@code step_up_required}). */
    public boolean isStepUp() {
        return reason == RejectionReason.STEP_UP_REQUIRED;
    }

    /** The reason of a refusal. */
    public Optional<RejectionReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** The specific detail of a refusal, for the audit log only (never sent to the client). */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** The scopes an {@code insufficient_scope} challenge names. */
    public Optional<Set<String>> scopes() {
        return Optional.ofNullable(scopes);
    }

    /** The {@code acr} a step-up must reach. */
    public Optional<String> acr() {
        return Optional.ofNullable(acr);
    }

    /** The largest acceptable authentication age of a step-up. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** What the Policy Administrator is asked to revoke. */
    public Revocation revocation() {
        return revocation;
    }

    /** The risk signals (reason codes) behind the verdict, strongest first. */
    public List<String> signals() {
        return signals;
    }

    @Override
    public String toString() {
        return "Verdict[" + outcome + (reason == null ? "" : " " + reason.code())
                + (acr == null ? "" : " acr=" + acr) + (revocation == Revocation.NONE ? "" : " revoke " + revocation)
                + (signals.isEmpty() ? "" : " " + signals) + "]";
    }
}
