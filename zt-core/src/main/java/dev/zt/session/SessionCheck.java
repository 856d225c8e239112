package dev.zt.session;

import dev.zt.spi.store.SessionRecord;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a session token against session state: the session, and a replacement token when the
 * presented one is due for refresh (or was already replaced by a concurrent request).
 */
public final class SessionCheck {
    private final SessionRecord session;
    private final IssuedSession refreshed;

    /** Creates the value. */
    public SessionCheck(SessionRecord session, IssuedSession refreshed) {
        this.session = Objects.requireNonNull(session);
        this.refreshed = refreshed;
    }

    /** The session's state after the check. */
    public SessionRecord session() {
        return session;
    }

    /** The token the client should use from now on, when it differs from the one presented. */
    public Optional<IssuedSession> refreshed() {
        return Optional.ofNullable(refreshed);
    }
}
