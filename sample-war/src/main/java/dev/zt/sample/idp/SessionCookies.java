package dev.zt.sample.idp;

import dev.zt.ZeroTrust;
import dev.zt.session.IssuedSession;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;

/** Hands a zt session to the client: cookies for browsers, JSON for API clients. */
final class SessionCookies {

    private SessionCookies() {
    }

    static void set(ZeroTrust zt, HttpServletResponse res, IssuedSession s) {
        String name = zt.config().setting("zt.cookie.name").filter(v -> !v.isEmpty()).orElse("__Host-zt-session");
        String csrf = zt.config().setting("zt.csrf.cookie-name").filter(v -> !v.isEmpty()).orElse("__Host-zt-csrf");
        long maxAge = Math.max(0, Duration.between(zt.clock().instant(), s.expiresAt()).toSeconds());
        res.addHeader("Set-Cookie", name + "=" + s.token() + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="
                + maxAge);
        res.addHeader("Set-Cookie", csrf + "=" + s.csrfToken() + "; Path=/; Secure; SameSite=Strict; Max-Age="
                + zt.config().session().maxLifetime().toSeconds());
    }

    static void json(ZeroTrust zt, HttpServletResponse res, IssuedSession s) throws IOException {
        long expiresIn = Math.max(0, Duration.between(zt.clock().instant(), s.expiresAt()).toSeconds());
        res.setContentType("application/json");
        res.setHeader("Cache-Control", "no-store");
        res.getWriter().print("{\"session_token\":\"" + s.token() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn + ",\"csrf_token\":\"" + s.csrfToken() + "\"}");
    }
}
