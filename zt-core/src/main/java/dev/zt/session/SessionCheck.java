package dev.zt.session;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.util.Optional;

/**
 * The outcome of checking a session token against session state: the session, its CSRF token (for cookie mode's
 * double-submit check), and a replacement token when the presented one is due for refresh (or was already replaced by
 * a concurrent request). {@link #toString()} prints neither token.
 */
@AutoValue
public abstract class SessionCheck {

    SessionCheck() {
    }

    /** The outcome for a session, its CSRF token and, when refreshed, the replacement token. */
    public static SessionCheck of(SessionView session, String csrfToken, @Nullable IssuedSession refreshed) {
        return new AutoValue_SessionCheck(session, csrfToken, Optional.ofNullable(refreshed));
    }

    /** The session's state after the check. */
    public abstract SessionView session();

    /** The CSRF double-submit token bound to the session. */
    public abstract String csrfToken();

    /** The token the client should use from now on, when it differs from the one presented. */
    public abstract Optional<IssuedSession> refreshed();

    @Override
    public final String toString() {
        return "SessionCheck[" + session() + (refreshed().isPresent() ? ", refreshed" : "") + "]";
    }
}
