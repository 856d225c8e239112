package dev.zt.ssf;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one Security Event Token (or one Global Token Revocation request): acted on, a duplicate of one acted
 * on before (acknowledged, no second effect), refused with an RFC 8935 section 2.3 error code, or not processed
 * because a store or the transmitter's keys could not answer (the transmitter should deliver it again).
 *
 * <p>{@link #description()} is for the audit log; answers to the transmitter carry {@link #publicDescription()}.
 */
public final class Receipt {

    /** The outcome. */
    public enum Outcome {
        /** Verified and acted on (or, in report-only mode, logged as it would have been). */
        ACCEPTED,
        /** Its {@code jti} was seen before: acknowledged, no second effect. */
        DUPLICATE,
        /** Refused: {@link #errorCode()} says why. */
        REJECTED,
        /** Not processed: a store or the transmitter's keys could not answer; deliver it again later. */
        UNAVAILABLE
    }

    private final Outcome outcome;
    private final String errorCode;
    private final String description;

    private Receipt(Outcome outcome, String errorCode, String description) {
        this.outcome = outcome;
        this.errorCode = errorCode;
        this.description = Objects.requireNonNull(description, "description");
    }

    /** Acted on. */
    public static Receipt accepted(String description) {
        return new Receipt(Outcome.ACCEPTED, null, description);
    }

    /** A duplicate, acknowledged without a second effect. */
    public static Receipt duplicate(String description) {
        return new Receipt(Outcome.DUPLICATE, null, description);
    }

    /** Refused with an RFC 8935 error code ({@code invalid_request}, {@code invalid_key}, ...). */
    public static Receipt rejected(String errorCode, String description) {
        return new Receipt(Outcome.REJECTED, Objects.requireNonNull(errorCode, "errorCode"), description);
    }

    /** Not processed for now. */
    public static Receipt unavailable(String description) {
        return new Receipt(Outcome.UNAVAILABLE, null, description);
    }

    /** The outcome. */
    public Outcome outcome() {
        return outcome;
    }

    /** True when the transmitter may consider the SET delivered (accepted or a duplicate). */
    public boolean acknowledged() {
        return outcome == Outcome.ACCEPTED || outcome == Outcome.DUPLICATE;
    }

    /** The RFC 8935 section 2.3 error code of a refusal. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** What happened, for the audit log (never a token or secret). */
    public String description() {
        return description;
    }

    /** A description for the transmitter: generic, the specifics stay in the audit log. */
    public String publicDescription() {
        switch (outcome) {
            case ACCEPTED:
                return "accepted";
            case DUPLICATE:
                return "accepted before";
            case UNAVAILABLE:
                return "temporarily unavailable; deliver it again";
            default:
                switch (errorCode) {
                    case "invalid_key":
                        return "the SET's signature or key is not accepted";
                    case "invalid_issuer":
                        return "the SET's issuer is not accepted";
                    case "invalid_audience":
                        return "the SET's audience is not accepted";
                    case "authentication_failed":
                        return "authentication failed";
                    case "access_denied":
                        return "access denied";
                    default:
                        return "the SET is not accepted";
                }
        }
    }

    @Override
    public String toString() {
        return "Receipt[" + outcome + (errorCode == null ? "" : " " + errorCode) + ": " + description + "]";
    }
}
