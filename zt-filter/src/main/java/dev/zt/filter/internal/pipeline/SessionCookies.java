package dev.zt.filter.internal.pipeline;

import dev.zt.session.IssuedSession;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * The cookies of cookie mode: the session token ({@code __Host-}, {@code Secure}, {@code HttpOnly},
 * {@code SameSite=Strict}: scripts never see it) and the CSRF token (readable by the application's scripts, which send
 * it back in the CSRF header).
 */
public final class SessionCookies {

    private final String sessionCookie;
    private final String csrfCookie;
    private final Duration maxLifetime;
    private final Clock clock;

    /** Creates the helper. */
    public SessionCookies(String sessionCookie, String csrfCookie, Duration maxLifetime, Clock clock) {
        this.sessionCookie = sessionCookie;
        this.csrfCookie = csrfCookie;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /** Sets the session cookie to the session's current token. */
    public void setSession(HttpServletResponse res, IssuedSession session) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).toSeconds());
        res.addHeader("Set-Cookie", sessionCookie + "=" + session.token()
                + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" + maxAge);
    }

    /** Sets the session and CSRF cookies of a new (or stepped-up) session. */
    public void setAll(HttpServletResponse res, IssuedSession session) {
        setSession(res, session);
        res.addHeader("Set-Cookie", csrfCookie + "=" + session.csrfToken() + "; Path=/; Secure; SameSite=Strict;"
                + " Max-Age=" + maxLifetime.toSeconds());
    }

    /** Clears both cookies (logout). */
    public void clear(HttpServletResponse res) {
        res.addHeader("Set-Cookie", sessionCookie + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        res.addHeader("Set-Cookie", csrfCookie + "=; Path=/; Secure; SameSite=Strict; Max-Age=0");
    }
}
