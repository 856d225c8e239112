package dev.zt.sample.idp;

import dev.zt.ZeroTrust;
import dev.zt.filter.ZeroTrustFilter;
import dev.zt.risk.FailedAttempts;
import dev.zt.session.IssuedSession;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * DEMO ONLY: the sample's identity provider. {@code GET /sample/login} shows a form; {@code POST /sample/login}
 * checks a demo user's password and creates a zt session through {@link dev.zt.session.SessionManager} (the API an
 * application with its own login uses): cookies for browsers, JSON for API clients ({@code Accept: application/json}).
 * Failed passwords count per user and per client address (zt's {@link FailedAttempts}): after
 * {@code zt.auth-failures.max} both are locked for a while ({@code 429}).
 */
@WebServlet("/login")
public class LoginServlet extends FormServlet {
    private static final long serialVersionUID = 1L;

    @Override
    void form(HttpServletRequest req, HttpServletResponse res, int status, String message) throws IOException {
        Pages.form(req, res, status, "Sign in", "<h1>Sign in</h1><p class=\"demo\">Demo identity provider: users "
                + "<code>alice</code>/<code>alice-password</code> and <code>bob</code>/<code>bob-password</code>.</p>",
                message, "/login", "<label>User <input id=\"username\" name=\"username\" autocomplete=\"username\">"
                + "</label><label>Password <input id=\"password\" type=\"password\" name=\"password\""
                + " autocomplete=\"current-password\"></label><button id=\"signin\" type=\"submit\">Sign in</button>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ZeroTrust zt = (ZeroTrust) getServletContext().getAttribute(ZeroTrust.class.getName());
        String name = req.getParameter("username");
        FailedAttempts attempts = zt.failedAttempts();
        String account = "login " + name;
        String client = (String) req.getAttribute(ZeroTrustFilter.CLIENT_ADDRESS_ATTRIBUTE);
        if (attempts.locked(client, account)) {
            res.setHeader("Retry-After", Long.toString(attempts.window().toSeconds()));
            if (Pages.wantsJson(req)) {
                Pages.jsonError(res, 429, "too_many_attempts");
                return;
            }
            form(req, res, 429, "Too many failed sign-ins. Try again later.");
            return;
        }
        DemoUsers.User user = DemoUsers.authenticate(name, req.getParameter("password")).orElse(null);
        if (user == null) {
            attempts.recordFailure(client, account);
            if (Pages.wantsJson(req)) {
                Pages.jsonError(res, 401, "invalid_credentials");
                return;
            }
            form(req, res, 401, "Unknown user or wrong password.");
            return;
        }
        IssuedSession session = zt.sessions().create(user.name, user.roles, user.scopes, "pwd", zt.clock().instant(),
                List.of("pwd"));
        if (Pages.wantsJson(req)) {
            SessionCookies.json(zt, res, session);
            return;
        }
        SessionCookies.set(zt, res, session);
        res.sendRedirect(Pages.returnPath(req));
    }
}
