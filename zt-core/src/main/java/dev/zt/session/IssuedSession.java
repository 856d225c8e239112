package dev.zt.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A session token handed to a client: the compact token, when it expires, its session id and the session's CSRF
 * token (for cookie mode's double-submit check). {@link #toString()} does not print the token.
 */
public final class IssuedSession {
    private final String sessionId;
    private final String token;
    private final Instant expiresAt;
    private final String csrfToken;

    /** Creates the value. */
    public IssuedSession(String sessionId, String token, Instant expiresAt, String csrfToken) {
        this.sessionId = Objects.requireNonNull(sessionId);
        this.token = Objects.requireNonNull(token);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.csrfToken = Objects.requireNonNull(csrfToken);
    }

    /** The session id. */
    public String sessionId() {
        return sessionId;
    }

    /** The compact session token (a bearer credential). */
    public String token() {
        return token;
    }

    /** When the token expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The CSRF double-submit token bound to the session. */
    public String csrfToken() {
        return csrfToken;
    }

    @Override
    public String toString() {
        return "IssuedSession[" + sessionId + ", expires " + expiresAt + "]";
    }
}
