package dev.zt.token;

/**
 * Why a request or its token was refused. Each reason has a stable snake_case {@link #code()} that appears in HTTP
 * responses (the {@code reason} member of an RFC 9457 problem document) and in the audit log; codes never change
 * meaning between releases. {@code docs/http-contract.md} lists every code with its HTTP answer.
 *
 * <p>{@link #httpStatus()} and {@link #bearerError()} say how an enforcement point answers: token problems are
 * {@code 401} with {@code error="invalid_token"} (RFC 6750 section 3.1); missing scopes are {@code 403
 * insufficient_scope}; step-up is {@code 401 insufficient_user_authentication} (RFC 9470 section 3); failures of zt's
 * own dependencies are {@code 503} with {@code Retry-After}, because the caller did nothing wrong but zt cannot vouch
 * for the request (fail closed).
 */
public enum RejectionReason {
    /** No token was presented (401 without an error attribute, RFC 6750 section 3.1). */
    TOKEN_MISSING("token_missing", 401, null,
            "no token was presented"),
    /** The request is malformed for authentication purposes, e.g. two different tokens (RFC 6750 section 3.1). */
    INVALID_REQUEST("invalid_request", 400, "invalid_request",
            "the request's credentials are malformed or ambiguous"),
    /** The request firewall refused the request line (encoded separators, dot segments, control characters). */
    REQUEST_REJECTED("request_rejected", 400, null,
            "the request is not acceptable"),
    /** Not a compact JWS: wrong number of segments, bad base64url, not a JSON object, or a JWE. */
    TOKEN_MALFORMED("token_malformed", 401, "invalid_token",
            "the token is not a well-formed JWS"),
    /** Longer than {@code zt.token.max-length}; refused before any parsing. */
    TOKEN_TOO_LARGE("token_too_large", 401, "invalid_token",
            "the token is too large"),
    /** {@code alg} is {@code none}, not in the issuer's allowlist, or does not fit the key. */
    ALGORITHM_NOT_ALLOWED("algorithm_not_allowed", 401, "invalid_token",
            "the token's algorithm is not accepted"),
    /** No key of the token's issuer matches the {@code kid} (or, without a {@code kid}, not exactly one key fits). */
    KEY_UNKNOWN("key_unknown", 401, "invalid_token",
            "the token's signing key is not trusted"),
    /** The signature does not verify with the issuer's key. */
    SIGNATURE_INVALID("signature_invalid", 401, "invalid_token",
            "the token's signature does not verify"),
    /** {@code iss} is missing or not exactly a configured issuer. */
    ISSUER_UNTRUSTED("issuer_untrusted", 401, "invalid_token",
            "the token's issuer is not trusted"),
    /** {@code aud} is missing or does not contain the configured audience. */
    AUDIENCE_MISMATCH("audience_mismatch", 401, "invalid_token",
            "the token is not meant for this service"),
    /** {@code exp} has passed (beyond the clock skew), or the token is older than {@code zt.max-token-age}. */
    TOKEN_EXPIRED("token_expired", 401, "invalid_token",
            "the token has expired"),
    /** {@code nbf} lies in the future beyond the clock skew. */
    TOKEN_NOT_YET_VALID("token_not_yet_valid", 401, "invalid_token",
            "the token is not valid yet"),
    /** {@code iat} lies in the future beyond the clock skew. */
    TOKEN_ISSUED_IN_FUTURE("token_issued_in_future", 401, "invalid_token",
            "the token was issued in the future"),
    /** A registered claim is missing or has the wrong JSON type or an out-of-range value. */
    CLAIM_INVALID("claim_invalid", 401, "invalid_token",
            "a claim of the token is missing or invalid"),
    /** The JOSE header is unacceptable: {@code crit}, {@code b64}, {@code zip}, nested content, wrong {@code typ}. */
    HEADER_INVALID("header_invalid", 401, "invalid_token",
            "the token's header is not acceptable"),
    /** The token, its session or its subject was revoked. */
    TOKEN_REVOKED("token_revoked", 401, "invalid_token",
            "the token was revoked"),
    /** The issuer's keys cannot be obtained (and no last good keys within {@code zt.jwks.max-stale}). */
    KEY_SOURCE_UNAVAILABLE("key_source_unavailable", 503, null,
            "the issuer's keys are unavailable; retry later"),
    /** The revocation (or session) store could not answer; zt cannot prove the token was not revoked. */
    STORE_UNAVAILABLE("store_unavailable", 503, null,
            "session or revocation state is unavailable; retry later"),
    /** The zt session passed its idle or absolute limit ({@code zt.session.idle-timeout}, {@code max-lifetime}). */
    SESSION_EXPIRED("session_expired", 401, "invalid_token",
            "the session has expired"),
    /** The zt session was revoked (logout, risk decision, administrator). */
    SESSION_REVOKED("session_revoked", 401, "invalid_token",
            "the session was revoked"),
    /** A replaced session token was presented after the rotation grace: treated as theft, the session is revoked. */
    TOKEN_REUSED("token_reused", 401, "invalid_token",
            "a replaced session token was presented again"),
    /** A cookie-authenticated unsafe request failed the same-origin or double-submit check. */
    CSRF_REJECTED("csrf_rejected", 403, null,
            "the request failed the cross-site request forgery check"),
    /** The token lacks a scope the resource requires (RFC 6750 section 3.1). */
    INSUFFICIENT_SCOPE("insufficient_scope", 403, "insufficient_scope",
            "the token lacks a required scope"),
    /** The caller lacks a role the resource requires. */
    INSUFFICIENT_ROLE("insufficient_role", 403, null,
            "the caller lacks a required role"),
    /** A rule denies the request outright (e.g. {@code zt.rules.default=deny} or a {@code deny} rule). */
    ACCESS_DENIED("access_denied", 403, null,
            "access to this resource is denied"),
    /** Stronger or more recent authentication is required (RFC 9470). */
    STEP_UP_REQUIRED("step_up_required", 401, "insufficient_user_authentication",
            "stronger or more recent authentication is required"),
    /** zt itself failed unexpectedly while deciding; the request is refused (fail closed), never a 500. */
    ZT_UNAVAILABLE("zt_unavailable", 503, null,
            "the request could not be decided; retry later"),
    /** The risk engine denied the request (a check forced it, or the score reached {@code zt.risk.deny-score}). */
    RISK_DENIED("risk_denied", 403, null,
            "the request was denied by risk policy"),
    /** The session sends more requests than {@code zt.risk.rate.max-per-minute} (429 with {@code Retry-After}). */
    RATE_LIMITED("rate_limited", 429, null,
            "too many requests; retry later"),
    /** A risk check threw or ran out of time and is not advisory: zt cannot vouch for the request. */
    RISK_CHECK_FAILED("risk_check_failed", 403, null,
            "the request's risk could not be assessed"),
    /** A one-time token (a back-channel logout token) was presented again within its lifetime. */
    TOKEN_REPLAYED("token_replayed", 401, "invalid_token",
            "the token was already used"),
    /**
     * A browser login could not be completed: a wrong, missing, expired or replayed {@code state}, an error answer of
     * the identity provider, a refused code exchange or ID token (OpenID Connect Core 1.0, section 3.1.2.6 and 3.1.3).
     */
    LOGIN_FAILED("login_failed", 400, null,
            "the sign-in could not be completed"),
    /** The identity provider of a browser login (its discovery document or token endpoint) cannot be reached. */
    IDP_UNAVAILABLE("idp_unavailable", 503, null,
            "the identity provider is unavailable; retry later"),
    /**
     * The DPoP proof is missing, malformed or invalid (RFC 9449 section 4.3): not one {@code DPoP} header, not a
     * {@code dpop+jwt} JWS with an allowed asymmetric algorithm and a public {@code jwk}, a bad signature, another
     * method or URL, outside its time window, or without {@code ath}. Challenge {@code DPoP
     * error="invalid_dpop_proof"}.
     */
    DPOP_PROOF_INVALID("dpop_proof_invalid", 401, "invalid_dpop_proof",
            "the DPoP proof is not valid"),
    /** The DPoP proof's {@code jti} was used before within its window (RFC 9449 section 11.1): a replayed proof. */
    DPOP_REPLAYED("dpop_replayed", 401, "invalid_dpop_proof",
            "the DPoP proof was already used"),
    /**
     * The DPoP proof does not belong to the token: its key's RFC 7638 thumbprint is not the token's {@code cnf.jkt},
     * its {@code ath} is another token's hash, or the token presented with the {@code DPoP} scheme is not bound to a
     * key (RFC 9449 sections 4.3 and 6.1).
     */
    DPOP_BINDING_MISMATCH("dpop_binding_mismatch", 401, "invalid_dpop_proof",
            "the DPoP proof does not match the token"),
    /**
     * The proof lacks a valid server nonce ({@code zt.dpop.nonce=required}, RFC 9449 section 8): answered with
     * {@code DPoP error="use_dpop_nonce"} and a fresh {@code DPoP-Nonce} header to retry with.
     */
    DPOP_NONCE_REQUIRED("dpop_nonce_required", 401, "use_dpop_nonce",
            "a DPoP proof with the server's nonce is required"),
    /**
     * The token must be presented with a DPoP proof: it is DPoP-bound ({@code cnf.jkt}) but came as a bearer token or
     * in a cookie (RFC 9449 section 7.2), or its issuer requires DPoP ({@code zt.issuers.<name>.dpop=required}).
     */
    DPOP_REQUIRED("dpop_required", 401, "invalid_token",
            "the token must be presented with a DPoP proof"),
    /**
     * The token is bound to a client certificate ({@code cnf.x5t#S256}, RFC 8705 section 3) and the request's
     * certificate is missing or has another SHA-256 thumbprint.
     */
    CERTIFICATE_BINDING_MISMATCH("certificate_binding_mismatch", 401, "invalid_token",
            "the token is bound to another client certificate"),
    /**
     * The resource requires a sender-constrained token (a path rule's {@code dpop} or {@code bound}, or
     * {@code @RequiresProofOfPossession}) and the token is a plain bearer token.
     */
    PROOF_OF_POSSESSION_REQUIRED("proof_of_possession_required", 401, "invalid_token",
            "this resource requires a sender-constrained token"),
    /** The AuthZEN policy decision point answered {@code "decision": false} (OpenID AuthZEN 1.0). */
    PDP_DENIED("pdp_denied", 403, null,
            "access to this resource is denied by policy"),
    /**
     * The policy decision point could not decide: unreachable, too slow ({@code zt.authzen.timeout}), overloaded, an
     * error status or a malformed answer. 503 with {@code Retry-After} (fail closed).
     */
    PDP_UNAVAILABLE("pdp_unavailable", 503, null,
            "the authorization service is unavailable; retry later");

    /** True for the refusals of DPoP proofs, whose challenge is always the {@code DPoP} scheme (RFC 9449 section 7.1). */
    public boolean isDpopError() {
        return this == DPOP_PROOF_INVALID || this == DPOP_REPLAYED || this == DPOP_BINDING_MISMATCH
                || this == DPOP_NONCE_REQUIRED || this == DPOP_REQUIRED || this == PROOF_OF_POSSESSION_REQUIRED;
    }

    private final String code;
    private final int httpStatus;
    private final String bearerError;
    private final String publicDetail;

    RejectionReason(String code, int httpStatus, String bearerError, String publicDetail) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.bearerError = bearerError;
        this.publicDetail = publicDetail;
    }

    /**
     * The generic sentence an enforcement point sends as {@code detail} and {@code error_description}: it says what
     * kind of refusal this is and nothing more (which risk signal fired, which {@code kid} was missing or when a token
     * expired goes to the audit log only, never to the client).
     */
    public String publicDetail() {
        return publicDetail;
    }

    /**
     * The {@code error} attribute of the {@code WWW-Authenticate: Bearer} challenge (RFC 6750 section 3.1, RFC 9470
     * section 3), or {@code null} when the challenge carries none.
     */
    public String bearerError() {
        return bearerError;
    }

    /** The stable snake_case code, e.g. {@code token_expired}. */
    public String code() {
        return code;
    }

    /** The HTTP status an enforcement point answers with (400, 401, 403, 429 or 503). */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when retrying later may succeed (503: a dependency is down; 429: too many requests). */
    public boolean transientFailure() {
        return httpStatus == 503 || httpStatus == 429;
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
