package dev.zt.token;

import dev.zt.lang.ZtException;

import java.util.Objects;

/**
 * A token was refused. The only exception {@link TokenVerifier#verify(String)} throws for anything about the token or
 * its trust chain; {@link #reason()} says why with a stable code.
 *
 * <p>Security: the message describes the problem (for the audit log and for {@code error_description}, RFC 6750
 * section 3) but never echoes the token, a claim value supplied by the caller that could be used for log injection,
 * or key material. No stack trace is filled in: rejections are normal control flow on the request path and must be
 * cheap under a flood of junk tokens.
 */
public final class TokenRejectedException extends ZtException {
    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    /** Creates a rejection with its reason and a message free of secrets. */
    public TokenRejectedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    /** As {@link #TokenRejectedException(RejectionReason, String)}, keeping a cause for the server log. */
    public TokenRejectedException(RejectionReason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").code() + ": " + message, cause);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public RejectionReason reason() {
        return reason;
    }

    /** The message without the leading reason code, suitable for an {@code error_description}. */
    public String description() {
        String m = getMessage();
        return m.substring(reason.code().length() + 2);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
