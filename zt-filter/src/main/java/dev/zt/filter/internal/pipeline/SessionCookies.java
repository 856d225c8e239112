package dev.zt.filter.internal.pipeline;

import dev.zt.ZeroTrust;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.session.IssuedSession;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;

/**
 * The cookies of cookie mode: the session token ({@code __Host-}, {@code Secure}, {@code HttpOnly},
 * {@code SameSite=Strict}: scripts never see it) and the CSRF token (readable by the application's scripts, which send
 * it back in the CSRF header).
 */
public final class SessionCookies {

    private final String sessionCookie;
    private final String csrfCookie;
    private final ZeroTrust engine;

    /** Creates the helper. */
    public SessionCookies(ZeroTrust engine, FilterSettings settings) {
        this.engine = engine;
        this.sessionCookie = settings.cookieName;
        this.csrfCookie = settings.csrfCookie;
    }

    /** Sets the session cookie to the session's current token. */
    public void setSession(HttpServletResponse res, IssuedSession session) {
        long maxAge = Math.max(0, Duration.between(engine.clock().instant(), session.expiresAt()).toSeconds());
        res.addHeader("Set-Cookie", sessionCookie + "=" + session.token()
                + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" + maxAge);
    }

    /** Sets the session and CSRF cookies of a new (or stepped-up) session. */
    public void setAll(HttpServletResponse res, IssuedSession session) {
        setSession(res, session);
        res.addHeader("Set-Cookie", csrfCookie + "=" + session.csrfToken() + "; Path=/; Secure; SameSite=Strict;"
                + " Max-Age=" + engine.config().session().maxLifetime().toSeconds());
    }

    /** Clears both cookies (logout). */
    public void clear(HttpServletResponse res) {
        res.addHeader("Set-Cookie", sessionCookie + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        res.addHeader("Set-Cookie", csrfCookie + "=; Path=/; Secure; SameSite=Strict; Max-Age=0");
    }
}
