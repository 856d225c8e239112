package dev.zt.session;

import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * zt's Policy Administrator (NIST SP 800-207): issues short-lived session tokens, refreshes them before they expire,
 * rotates them (an old token keeps working for {@code zt.session.rotation-grace}, after which presenting it revokes
 * the whole session as theft), steps sessions up after stronger authentication, and revokes them.
 *
 * <p>Session tokens are compact JWS signed with zt's session key ({@code zt.session.signing-key}), issued and
 * addressed to {@code zt.session.issuer}, with {@code typ} {@value #TOKEN_TYPE}; an identity provider's access token
 * can never pass for one, nor the reverse. Lifetime {@code zt.session.ttl}; idle limit {@code zt.session.idle-timeout};
 * absolute limit {@code zt.session.max-lifetime}.
 *
 * <p>Every method may throw {@link dev.zt.token.TokenRejectedException} with {@code session_expired},
 * {@code session_revoked}, {@code token_reused} or {@code store_unavailable}.
 */
public interface SessionManager {

    /** The JOSE {@code typ} of session tokens. */
    String TOKEN_TYPE = "zt-session+jwt";

    /** The configured name of zt's session issuer among the verifier's issuers. */
    String ISSUER_NAME = "zt-session";

    /**
     * Creates a session from a verified access token of a trusted issuer (the token exchange). A service issuer's token
     * is refused ({@code invalid_request}); a subject creating sessions faster than
     * {@code zt.session.create-rate.per-subject} per minute gets {@code rate_limited}; a subject holding more than
     * {@code zt.session.max-per-subject} sessions loses its oldest.
     */
    IssuedSession create(VerifiedToken accessToken);

    /**
     * Creates a session for a browser login at an OpenID Connect provider: who logged in and how from the ID token
     * ({@code sub}, {@code acr}, {@code amr}, {@code auth_time}, {@code sid}: OpenID Connect Core 1.0, section 2), what
     * they may do from the access token issued with it (roles, scopes). Both come from the same issuer for the same
     * {@code sub} ({@code invalid_request} otherwise); same limits as {@link #create(VerifiedToken)}.
     *
     * @param idToken as verified by {@link dev.zt.token.TokenVerifier#verifyIdToken(String, String, String)}
     * @param accessToken as verified by {@link dev.zt.token.TokenVerifier#verify(String)}
     */
    IssuedSession create(VerifiedToken idToken, VerifiedToken accessToken);

    /**
     * As {@link #create(VerifiedToken, VerifiedToken)}, keeping the provider's grant (sealed by the caller: the store
     * sees only ciphertext) for later checks of the provider session and for logout; the session's
     * {@link SessionView#providerCheckedAt()} starts now.
     */
    IssuedSession create(VerifiedToken idToken, VerifiedToken accessToken, String providerGrant);

    /** The sealed provider grant of a live session, when it has one. */
    Optional<String> providerGrant(String sessionId);

    /**
     * Claims the provider-session check of a live session last confirmed before {@code checkedBefore}: atomically, so
     * that of the requests (on any node sharing the store) that find it due exactly one gets the sealed grant and the
     * others nothing; the claim moves {@link SessionView#providerCheckedAt()} to now.
     */
    Optional<String> claimProviderCheck(String sessionId, Instant checkedBefore);

    /** Records a check's outcome: the grant to keep (a refresh token may have rotated) and when it was confirmed. */
    void providerChecked(String sessionId, String providerGrant, Instant checkedAt);

    /** Creates a session for an application that authenticates users itself (same limits as the exchange). */
    IssuedSession create(String subject, Set<String> roles, Set<String> scopes, String acr, Instant authTime,
            List<String> amr);

    /** True when the verified token is one of zt's session tokens. */
    boolean isSessionToken(VerifiedToken token);

    /**
     * Checks a verified session token against the session's state; refreshes it when less than
     * {@code zt.session.refresh-before} is left.
     */
    SessionCheck check(VerifiedToken sessionToken);

    /**
     * Raises the session's {@code acr} and {@code auth_time} after the application's own step-up, and rotates its
     * token. The {@code acr} never goes down: a value ranked below the session's in {@code zt.session.acr-order} leaves
     * {@code acr} and {@code auth_time} as they are.
     */
    IssuedSession stepUp(String sessionId, String acr, Instant authTime);

    /**
     * As {@link #stepUp(String, String, Instant)}, and binds the session to the browser device that completed the
     * step-up (a cookie-mode session challenged from an unknown device moves to it).
     */
    IssuedSession stepUp(String sessionId, String acr, Instant authTime, String deviceId);

    /**
     * Steps the session up from a fresh access token (RFC 9470 step-up completed at the identity provider), when the
     * token may: it comes from the session's own origin issuer, for the same subject; {@code auth_time} is the token's
     * (a token without one leaves the session unable to meet any {@code max-age}); {@code acr} never goes down.
     *
     * @param deviceId the browser device that completed the step-up (the session moves to it), or {@code null}
     * @return the rotated session, or empty when this token cannot step this session up
     */
    Optional<IssuedSession> stepUp(String sessionId, VerifiedToken accessToken, String deviceId);

    /**
     * Binds an unbound session to a browser device (the device cookie zt signed); a bound session keeps its device.
     *
     * @return the device the session is bound to afterwards
     */
    String bindDevice(String sessionId, String deviceId);

    /** Revokes the session: its tokens are refused from the very next request on. */
    void revoke(String sessionId);

    /**
     * Revokes the caller behind a verified token, as a trust decision requires (NIST SP 800-207: the Policy
     * Administrator acts, the enforcement point only enforces): the zt session of a session token, otherwise the access
     * token itself by its {@code jti}.
     *
     * @return what the caller is refused with from now on: {@code session_revoked}, {@code token_revoked}, or
     *     {@code risk_denied} for an access token without {@code jti} (nothing to revoke)
     */
    dev.zt.token.RejectionReason revokeCaller(VerifiedToken token);

    /**
     * Applies an identity provider's back-channel logout (OpenID Connect Back-Channel Logout 1.0, section 2.7), given
     * its logout token as verified by {@link dev.zt.token.TokenVerifier#verifyLogoutToken(String)}. With {@code sid}:
     * every token of that provider session is revoked, and so is every zt session exchanged from one of them. With
     * {@code sub} only: every token of the subject issued before the logout token's {@code iat}, and every zt session
     * exchanged before then. The revocations live in the verifier's revocation store, so with a shared store (Redis)
     * a logout received by one node applies on all.
     *
     * @throws dev.zt.token.TokenRejectedException {@code store_unavailable} when the revocation was not recorded
     */
    void logout(VerifiedToken logoutToken);

    /**
     * The identity provider {@code issuer} (its exact {@code iss}) ended its session {@code providerSessionId}, e.g. a
     * Shared Signals {@code session-revoked} event: every token of that provider session is refused, and so is every
     * zt session exchanged from one of them (as for a back-channel logout with {@code sid}).
     *
     * @throws dev.zt.token.TokenRejectedException {@code store_unavailable} when the revocation was not recorded
     */
    void endProviderSession(String issuer, String providerSessionId);

    /**
     * Every token {@code issuer} issued to {@code subject} before {@code before}, and every zt session created from
     * one before then, is refused: the subject must authenticate again (a credential change, a disabled account, a
     * back-channel logout with {@code sub} only, Global Token Revocation). Tokens issued later are unaffected.
     *
     * @throws dev.zt.token.TokenRejectedException {@code store_unavailable} when the revocation was not recorded
     */
    void endSubject(String issuer, String subject, java.time.Instant before);

    /** The session's state, if known (without credentials). */
    Optional<SessionView> find(String sessionId);

    /**
     * The known sessions of a subject (without credentials), revoked ones included while the store keeps them; at most
     * {@code zt.session.max-per-subject} live ones. For operators (zt's roll-out console); empty by default.
     */
    default java.util.List<SessionView> sessionsOf(String subject) {
        return java.util.List.of();
    }
}
