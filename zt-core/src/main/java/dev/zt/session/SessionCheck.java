package dev.zt.session;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a session token against session state: the session, its CSRF token (for cookie mode's
 * double-submit check), and a replacement token when the presented one is due for refresh (or was already replaced by
 * a concurrent request). {@link #toString()} prints neither token.
 */
public final class SessionCheck {
    private final SessionView session;
    private final String csrfToken;
    private final IssuedSession refreshed;

    /** Creates the value. */
    public SessionCheck(SessionView session, String csrfToken, IssuedSession refreshed) {
        this.session = Objects.requireNonNull(session, "session");
        this.csrfToken = Objects.requireNonNull(csrfToken, "csrfToken");
        this.refreshed = refreshed;
    }

    /** The session's state after the check. */
    public SessionView session() {
        return session;
    }

    /** The CSRF double-submit token bound to the session. */
    public String csrfToken() {
        return csrfToken;
    }

    /** The token the client should use from now on, when it differs from the one presented. */
    public Optional<IssuedSession> refreshed() {
        return Optional.ofNullable(refreshed);
    }

    @Override
    public String toString() {
        return "SessionCheck[" + session + (refreshed == null ? "" : ", refreshed") + "]";
    }
}
