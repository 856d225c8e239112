package dev.zt.session;

import com.google.auto.value.AutoValue;

import java.time.Instant;

/**
 * A session token handed to a client: the compact token, when it expires, its session id and the session's CSRF
 * token (for cookie mode's double-submit check). {@link #toString()} does not print the token.
 */
@AutoValue
public abstract class IssuedSession {

    IssuedSession() {
    }

    /** A session token handed out. */
    public static IssuedSession of(String sessionId, String token, Instant expiresAt, String csrfToken) {
        return new AutoValue_IssuedSession(sessionId, token, expiresAt, csrfToken);
    }

    /** The session id. */
    public abstract String sessionId();

    /** The compact session token (a bearer credential). */
    public abstract String token();

    /** When the token expires. */
    public abstract Instant expiresAt();

    /** The CSRF double-submit token bound to the session. */
    public abstract String csrfToken();

    @Override
    public final String toString() {
        return "IssuedSession[" + sessionId() + ", expires " + expiresAt() + "]";
    }
}
