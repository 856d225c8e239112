package dev.zt.sample.idp;

import dev.zt.ZeroTrust;
import dev.zt.session.IssuedSession;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * DEMO ONLY: the MFA step. {@code POST /sample/mfa} with a TOTP code (RFC 6238) of the session's user steps the session
 * up to {@code acr=mfa} with {@link dev.zt.session.SessionManager#stepUp}. It is a public path (it must be reachable
 * while zt asks for step-up), so it verifies the session token itself with the same engine.
 */
@WebServlet("/mfa")
public class MfaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        form(req, res, 200, "");
    }

    private static void form(HttpServletRequest req, HttpServletResponse res, int status, String message)
            throws IOException {
        Pages.page(res, status, "Verify", "<h1>Second factor</h1><p>This action needs a multi-factor "
                + "authentication (<code>acr=mfa</code>). Enter the 6-digit code of your authenticator app.</p>"
                + "<p class=\"demo\">Demo: alice's TOTP secret is <code>JBSWY3DPEHPK3PXP</code>, bob's is "
                + "<code>KRSXG5CTMVRXEZLU</code> (see the README for a one-line code generator).</p>"
                + (message.isEmpty() ? "" : "<p id=\"error\">" + Pages.esc(message) + "</p>")
                + "<form method=\"post\" action=\"" + req.getContextPath() + "/mfa\">"
                + "<input type=\"hidden\" name=\"return\" value=\"" + Pages.esc(Pages.returnPath(req)) + "\">"
                + "<label>Code <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\">"
                + "</label><button id=\"verify\" type=\"submit\">Verify</button></form>");
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
                res.setStatus(401);
                res.setContentType("application/json");
                res.getWriter().print("{\"error\":\"no_session\"}");
            } else {
                res.sendRedirect(req.getContextPath() + "/login");
            }
            return;
        }
        String subject = session.subject().orElse("");
        String secret = DemoUsers.byName(subject).map(u -> u.totpSecret).orElse(null);
        if (secret == null || !Totp.verify(secret, req.getParameter("code"), zt.clock().instant())) {
            if (Pages.wantsJson(req) || bearer) {
                res.setStatus(401);
                res.setContentType("application/json");
                res.getWriter().print("{\"error\":\"invalid_code\"}");
            } else {
                form(req, res, 401, "Wrong code, try again.");
            }
            return;
        }
        String sid = zt.sessions().check(session).session().id();
        IssuedSession upgraded = zt.sessions().stepUp(sid, "mfa", zt.clock().instant());
        if (Pages.wantsJson(req) || bearer) {
            SessionCookies.json(zt, res, upgraded);
            return;
        }
        SessionCookies.set(zt, res, upgraded);
        res.sendRedirect(Pages.returnPath(req));
    }
}
