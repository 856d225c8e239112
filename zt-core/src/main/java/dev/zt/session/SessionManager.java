package dev.zt.session;

import dev.zt.spi.SessionRecord;
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

    /** Creates a session from a verified access token of a trusted issuer (the token exchange). */
    IssuedSession create(VerifiedToken accessToken);

    /** Creates a session for an application that authenticates users itself. */
    IssuedSession create(String subject, Set<String> roles, Set<String> scopes, String acr, Instant authTime,
            List<String> amr);

    /** True when the verified token is one of zt's session tokens. */
    boolean isSessionToken(VerifiedToken token);

    /**
     * Checks a verified session token against the session's state; refreshes it when less than
     * {@code zt.session.refresh-before} is left.
     */
    SessionCheck check(VerifiedToken sessionToken);

    /** Raises the session's {@code acr} and {@code auth_time} after the application's own step-up; rotates its token. */
    IssuedSession stepUp(String sessionId, String acr, Instant authTime);

    /** Revokes the session: its tokens are refused from the very next request on. */
    void revoke(String sessionId);

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

    /** The session's state, if known. */
    Optional<SessionRecord> find(String sessionId);
}
