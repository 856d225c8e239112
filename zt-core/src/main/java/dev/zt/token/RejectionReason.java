package dev.zt.token;

/**
 * Why a token was refused. Each reason has a stable snake_case {@link #code()} that appears in HTTP responses
 * (the {@code reason} member of an RFC 9457 problem document) and in the audit log; codes never change meaning
 * between releases.
 *
 * <p>{@link #httpStatus()} and {@link #transientFailure()} say how an enforcement point answers: token problems are
 * {@code 401 invalid_token} (RFC 6750 section 3.1); failures of zt's own dependencies are {@code 503} with
 * {@code Retry-After}, because the caller did nothing wrong but zt cannot vouch for the request (fail closed).
 */
public enum RejectionReason {
    /** Not a compact JWS: wrong number of segments, bad base64url, not a JSON object, or a JWE. */
    TOKEN_MALFORMED("token_malformed", 401),
    /** Longer than {@code zt.token.max-length}; refused before any parsing. */
    TOKEN_TOO_LARGE("token_too_large", 401),
    /** {@code alg} is {@code none}, not in the issuer's allowlist, or does not fit the key. */
    ALGORITHM_NOT_ALLOWED("algorithm_not_allowed", 401),
    /** No key of the token's issuer matches the {@code kid} (or, without a {@code kid}, not exactly one key fits). */
    KEY_UNKNOWN("key_unknown", 401),
    /** The signature does not verify with the issuer's key. */
    SIGNATURE_INVALID("signature_invalid", 401),
    /** {@code iss} is missing or not exactly a configured issuer. */
    ISSUER_UNTRUSTED("issuer_untrusted", 401),
    /** {@code aud} is missing or does not contain the configured audience. */
    AUDIENCE_MISMATCH("audience_mismatch", 401),
    /** {@code exp} has passed (beyond the clock skew), or the token is older than {@code zt.max-token-age}. */
    TOKEN_EXPIRED("token_expired", 401),
    /** {@code nbf} lies in the future beyond the clock skew. */
    TOKEN_NOT_YET_VALID("token_not_yet_valid", 401),
    /** {@code iat} lies in the future beyond the clock skew. */
    TOKEN_ISSUED_IN_FUTURE("token_issued_in_future", 401),
    /** A registered claim is missing or has the wrong JSON type or an out-of-range value. */
    CLAIM_INVALID("claim_invalid", 401),
    /** The JOSE header is unacceptable: {@code crit}, {@code b64}, {@code zip}, nested content, wrong {@code typ}. */
    HEADER_INVALID("header_invalid", 401),
    /** The token, its session or its subject was revoked. */
    TOKEN_REVOKED("token_revoked", 401),
    /** The issuer's keys cannot be obtained (and no last good keys within {@code zt.jwks.max-stale}). */
    KEY_SOURCE_UNAVAILABLE("key_source_unavailable", 503),
    /** The revocation (or session) store could not answer; zt cannot prove the token was not revoked. */
    STORE_UNAVAILABLE("store_unavailable", 503);

    private final String code;
    private final int httpStatus;

    RejectionReason(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The stable snake_case code, e.g. {@code token_expired}. */
    public String code() {
        return code;
    }

    /** The HTTP status an enforcement point answers with: 401 for token problems, 503 for unavailable dependencies. */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when the failure is zt's (a dependency is down), so retrying later may succeed. */
    public boolean transientFailure() {
        return httpStatus == 503;
    }

    /**
     * Looks a reason up by its code.
     *
     * @throws IllegalArgumentException for an unknown code
     */
    public static RejectionReason fromCode(String code) {
        for (RejectionReason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rejection reason code: " + code);
    }
}
