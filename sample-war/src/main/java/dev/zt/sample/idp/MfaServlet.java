package dev.zt.sample.idp;

import dev.zt.ZeroTrust;
import dev.zt.filter.ZeroTrustFilter;
import dev.zt.risk.FailedAttempts;
import dev.zt.session.IssuedSession;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * DEMO ONLY: the MFA step. {@code POST /sample/mfa} with a TOTP code (RFC 6238) of the session's user steps the session
 * up to {@code acr=mfa} with {@link dev.zt.session.SessionManager#stepUp} (and moves a browser session to the browser
 * that completed it). It is a public path (it must be reachable while zt asks for step-up), so it verifies the session
 * token itself with the same engine. Each code is accepted once (zt's replay cache), and wrong codes count as failed
 * attempts: after {@code zt.auth-failures.max} the session is revoked and the user locked for a while.
 */
@WebServlet("/mfa")
public class MfaServlet extends FormServlet {
    private static final long serialVersionUID = 1L;

    @Override
    void form(HttpServletRequest req, HttpServletResponse res, int status, String message) throws IOException {
        Pages.form(req, res, status, "Verify", "<h1>Second factor</h1><p>This action needs a multi-factor "
                + "authentication (<code>acr=mfa</code>). Enter the 6-digit code of your authenticator app.</p>"
                + "<p class=\"demo\">Demo: alice's TOTP secret is <code>JBSWY3DPEHPK3PXP</code>, bob's is "
                + "<code>KRSXG5CTMVRXEZLU</code> (see the README for a one-line code generator).</p>", message, "/mfa",
                "<label>Code <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\">"
                + "</label><button id=\"verify\" type=\"submit\">Verify</button>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ZeroTrust zt = (ZeroTrust) getServletContext().getAttribute(ZeroTrust.class.getName());
        String cookieName = zt.config().setting("zt.cookie.name").filter(v -> !v.isEmpty())
                .orElse("__Host-zt-session");
        String header = req.getHeader("Authorization");
        boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        String token = bearer ? header.substring(7).trim() : Pages.cookie(req, cookieName);
        VerifiedToken session;
        try {
            session = token == null ? null : zt.verifier().verify(token);
        } catch (TokenRejectedException e) {
            session = null;
        }
        if (session == null || !zt.sessions().isSessionToken(session)) {
            if (Pages.wantsJson(req) || bearer) {
                error(res, 401, "no_session");
            } else {
                res.sendRedirect(req.getContextPath() + "/login");
            }
            return;
        }
        String sid = zt.sessions().check(session).session().id();
        String subject = session.subject().orElse("");
        FailedAttempts attempts = zt.failedAttempts();
        String sessionKey = "mfa session " + sid;
        String userKey = "mfa user " + subject;
        String client = (String) req.getAttribute(ZeroTrustFilter.CLIENT_ADDRESS_ATTRIBUTE);
        if (attempts.locked(client, sessionKey, userKey)) {
            locked(req, res, attempts, bearer);
            return;
        }
        String secret = DemoUsers.byName(subject).map(u -> u.totpSecret).orElse(null);
        long step = secret == null ? -1 : Totp.matchingStep(secret, req.getParameter("code"), zt.clock().instant());
        // a code is good once: a replay inside its 90-second window is a wrong code
        boolean fresh = step >= 0 && zt.replays().firstUse("totp " + subject + " " + step,
                java.time.Instant.ofEpochSecond((step + 2) * 30));
        if (!fresh) {
            if (attempts.recordFailure(client, sessionKey, userKey)) {
                zt.sessions().revoke(sid); // a guessing session is ended: the thief holds only a password session
                locked(req, res, attempts, bearer);
                return;
            }
            if (Pages.wantsJson(req) || bearer) {
                error(res, 401, "invalid_code");
            } else {
                form(req, res, 401, "Wrong code, try again.");
            }
            return;
        }
        Object device = req.getAttribute(ZeroTrustFilter.DEVICE_ID_ATTRIBUTE);
        IssuedSession upgraded = device instanceof String && !bearer
                ? zt.sessions().stepUp(sid, "mfa", zt.clock().instant(), (String) device) // this browser keeps it
                : zt.sessions().stepUp(sid, "mfa", zt.clock().instant());
        if (Pages.wantsJson(req) || bearer) {
            SessionCookies.json(zt, res, upgraded);
            return;
        }
        SessionCookies.set(zt, res, upgraded);
        res.sendRedirect(Pages.returnPath(req));
    }

    private static void locked(HttpServletRequest req, HttpServletResponse res, FailedAttempts attempts,
            boolean bearer) throws IOException {
        res.setHeader("Retry-After", Long.toString(attempts.window().toSeconds()));
        if (Pages.wantsJson(req) || bearer) {
            error(res, 429, "too_many_attempts");
        } else {
            Pages.page(res, 429, "Verify", "<p id=\"error\">Too many wrong codes. Sign in again later.</p>");
        }
    }

    private static void error(HttpServletResponse res, int status, String code) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().print("{\"error\":\"" + code + "\"}");
    }
}
