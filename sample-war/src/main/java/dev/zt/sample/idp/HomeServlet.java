package dev.zt.sample.idp;

import dev.zt.ZeroTrustContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The legacy application's home page, rendered by a servlet: protected by the filter like everything else (a
 * browser without a session is sent to the login page).
 */
@WebServlet({"", "/home"})
public class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ZeroTrustContext zt = (ZeroTrustContext) req.getAttribute(ZeroTrustContext.ATTRIBUTE);
        if (zt == null) { // zt.mode=report-only lets a request without a token through: show the way in
            Pages.page(res, 200, "zt sample", "<h1>Welcome</h1><p><a href=\"" + req.getContextPath()
                    + "/login\">Sign in</a></p>");
            return;
        }
        String csrf = zt.csrfToken().orElse("");
        String ctx = req.getContextPath();
        Pages.page(res, 200, "zt sample", "<h1>Welcome, <span id=\"user\">" + Pages.esc(req.getRemoteUser())
                + "</span></h1><ul><li>Roles: <span id=\"roles\">" + Pages.esc(String.join(", ", zt.token().roles()))
                + "</span></li><li>Authentication: <span id=\"acr\">" + Pages.esc(zt.token().acr().orElse("-"))
                + "</span></li><li>Country: <span id=\"country\">" + Pages.esc(zt.country().orElse("unknown"))
                + "</span></li><li>Admin: "
                + req.isUserInRole("admin") + "</li></ul>"
                + "<p><a id=\"transfer-link\" href=\"" + ctx + "/transfer\">Make a transfer</a> (needs MFA)</p>"
                + "<p><a href=\"" + ctx + "/api/whoami\">whoami (JSON)</a></p>"
                + "<form method=\"post\" action=\"" + ctx + "/zt/logout\"><input type=\"hidden\" name=\"_csrf\" value=\""
                + Pages.esc(csrf) + "\"><button id=\"logout\" type=\"submit\">Sign out</button></form>");
    }
}
