package dev.zt;

import dev.zt.lang.ZtException;
import dev.zt.token.RejectionReason;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller must authenticate more strongly or more recently (HTTP 401 with
 * {@code error="insufficient_user_authentication"}, {@code acr_values} and, when set, {@code max_age}: RFC 9470
 * section 3). Reason code {@code step_up_required}.
 */
public class StepUpRequiredException extends ZtException {
    private static final long serialVersionUID = 1L;

    private final String acr;
    private final Duration maxAge;

    /** Creates the exception. */
    public StepUpRequiredException(String acr, Duration maxAge, String message) {
        super(message);
        this.acr = Objects.requireNonNull(acr, "acr");
        this.maxAge = maxAge;
    }

    /** Always {@link RejectionReason#STEP_UP_REQUIRED}. */
    public RejectionReason reason() {
        return RejectionReason.STEP_UP_REQUIRED;
    }

    /** The {@code acr} required. */
    public String acr() {
        return acr;
    }

    /** The largest acceptable age of the authentication, when required. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
