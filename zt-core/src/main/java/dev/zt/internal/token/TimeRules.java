package dev.zt.internal.token;

import static dev.zt.internal.token.Rejections.reject;

import dev.zt.token.RejectionReason;

import java.time.Instant;

/**
 * The time claims of a token against now (RFC 7519 sections 4.1.4, 4.1.5, 4.1.6) with each issuer's clock skew, the
 * optional {@code zt.max-token-age}, and {@code zt.revocation.subject-retention} as an age no token outlives: a
 * "revoke everything issued before" cut-off (and the mark of a store that lost its data) is kept that long, so a token
 * issued before one is refused for as long as it could otherwise be accepted. Instants are epoch milliseconds;
 * {@code Long.MIN_VALUE} means absent.
 */
final class TimeRules {

    /** {@code zt.max-token-age} in milliseconds, or {@code -1} when unset. */
    private final long maxTokenAgeMillis;

    /** {@code zt.revocation.subject-retention} in milliseconds. */
    private final long retentionMillis;

    TimeRules(long maxTokenAgeMillis, long retentionMillis) {
        this.maxTokenAgeMillis = maxTokenAgeMillis;
        this.retentionMillis = retentionMillis;
    }

    /** Refuses an expired, not yet valid, future-issued or too old token. */
    void check(IssuerRuntime issuer, long exp, long nbf, long iat, long now) {
        long skew = issuer.skewMillis;
        if (now - skew >= exp) {
            throw reject(RejectionReason.TOKEN_EXPIRED, "the token expired at " + Instant.ofEpochMilli(exp)
                    + " (clock skew allowed: " + issuer.config.clockSkew().toSeconds() + "s)");
        }
        if (nbf != Long.MIN_VALUE && now + skew < nbf) {
            throw reject(RejectionReason.TOKEN_NOT_YET_VALID, "the token is not valid before "
                    + Instant.ofEpochMilli(nbf));
        }
        if (iat != Long.MIN_VALUE && iat > now + skew) {
            throw reject(RejectionReason.TOKEN_ISSUED_IN_FUTURE, "iat lies in the future beyond the clock skew");
        }
        if (maxTokenAgeMillis >= 0) {
            if (iat == Long.MIN_VALUE) {
                throw reject(RejectionReason.CLAIM_INVALID, "iat is required (zt.max-token-age is set)");
            }
            if (now - skew > iat + maxTokenAgeMillis) {
                throw reject(RejectionReason.TOKEN_EXPIRED, "the token is older than zt.max-token-age");
            }
        }
        if (iat != Long.MIN_VALUE && now - skew > iat + retentionMillis) {
            throw reject(RejectionReason.TOKEN_EXPIRED, "the token was issued longer ago than"
                    + " zt.revocation.subject-retention: a cut-off revoking it would be forgotten by now");
        }
    }

    /** The last instant at which {@link #check} can still accept the token: exp plus skew, or its maximum ages. */
    long acceptedUntil(IssuerRuntime issuer, long exp, long iat) {
        long until = exp + issuer.skewMillis;
        if (maxTokenAgeMillis >= 0 && iat != Long.MIN_VALUE) {
            until = Math.min(until, iat + maxTokenAgeMillis + issuer.skewMillis);
        }
        if (iat != Long.MIN_VALUE) {
            until = Math.min(until, iat + retentionMillis + issuer.skewMillis);
        }
        return until;
    }
}
