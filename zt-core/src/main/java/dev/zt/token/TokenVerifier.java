package dev.zt.token;

/**
 * Answers, for every request, whether a token is genuine, current and meant for this application.
 *
 * <p>Accepts compact JWS only (RFC 7515 section 7.1): never JWE, never unsecured ({@code alg: none}), never nested.
 * Beyond what a JWT library checks, the verifier refuses (RFC 8725 throughout): tokens over
 * {@code zt.token.max-length} before parsing; non-canonical base64url; JSON with duplicate members (also via escapes),
 * trailing data or deep nesting; a {@code crit} header; algorithms outside the issuer's allowlist or unfit for the
 * key; keys named by the token itself ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c} are never used); an unknown
 * {@code kid}; an {@code iss} not configured exactly; an {@code aud} without the configured audience; a missing or
 * non-numeric {@code exp}; {@code nbf}/{@code iat} of the wrong type, out of range or in the future; a wrong
 * {@code typ} when one is configured; and revoked tokens, sessions and subjects.
 *
 * <p>Verified tokens are cached by their exact string (bounded, never beyond the token's expiry); a hit skips the
 * signature but re-checks time claims, that the key is still trusted, and revocation. Rejected tokens are never
 * cached.
 *
 * <p>Thread-safe. {@link #close()} stops background key refreshes.
 *
 * <pre>{@code
 * ZtConfig config = ZtConfig.builder().sources(ConfigSource.standard(initParams, loader)).build();
 * try (ZeroTrust zt = ZeroTrust.builder(config).build()) {
 *     VerifiedToken token = zt.verifier().verify(bearer); // throws TokenRejectedException
 * }
 * }</pre>
 */
public interface TokenVerifier extends AutoCloseable {

    /**
     * Verifies a compact JWS.
     *
     * @throws TokenRejectedException with the {@link RejectionReason} when the token is refused; never anything else
     *     for any input
     */
    VerifiedToken verify(String token);

    /**
     * Verifies an OpenID Connect back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6) from
     * an issuer configured with {@code logout-audience}: signature, exact {@code iss}, {@code aud} containing the
     * logout audience, {@code exp}/{@code iat}, {@code typ} {@code logout+jwt} when present, the logout event in
     * {@code events}, {@code jti}, {@code sub} or {@code sid}, and no {@code nonce}. Never cached.
     *
     * <p>Security: access and logout tokens never pass for each other: {@link #verify(String)} refuses a token typed
     * {@code logout+jwt} or carrying the logout event, and the two audiences must differ (checked at start-up).
     *
     * @throws TokenRejectedException with the {@link RejectionReason} when the token is refused
     */
    VerifiedToken verifyLogoutToken(String token);

    /**
     * Verifies an OpenID Connect ID token that a login at the issuer named {@code issuerName} returned (OpenID Connect
     * Core 1.0, section 3.1.3.7): signature, {@code iss} exactly that issuer's (a token of any other trusted issuer is
     * refused: mix-up, RFC 9700 section 4.4), {@code aud} containing its {@code client-id} and, with several
     * audiences or an {@code azp}, {@code azp} equal to it, {@code exp}/{@code iat} (required), {@code sub}, and
     * {@code nonce} equal to the one the login sent. Never cached, never revocation-checked (it proves a login, it
     * authorizes nothing); {@code typ} {@code logout+jwt} or {@code at+jwt} and the logout event are refused.
     *
     * @throws TokenRejectedException with the {@link RejectionReason} when the token is refused
     */
    VerifiedToken verifyIdToken(String token, String issuerName, String nonce);


    /** Stops background work (key refreshes). */
    @Override
    void close();
}
