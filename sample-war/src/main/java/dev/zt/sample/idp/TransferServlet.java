package dev.zt.sample.idp;

import dev.zt.ZeroTrustContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A protected action for browsers: the path rules ({@code zt-rules.txt}) require {@code acr=mfa} for {@code /transfer},
 * so a browser without MFA is sent to the MFA page first and comes back here.
 */
@WebServlet("/transfer")
public class TransferServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ZeroTrustContext zt = (ZeroTrustContext) req.getAttribute(ZeroTrustContext.ATTRIBUTE);
        String csrf = zt == null ? "" : zt.csrfToken().orElse("");
        Pages.page(res, 200, "Transfer", "<h1>Transfer</h1><form method=\"post\" action=\"" + req.getContextPath()
                + "/transfer\"><input type=\"hidden\" name=\"_csrf\" value=\"" + Pages.esc(csrf) + "\">"
                + "<label>Amount <input id=\"amount\" name=\"amount\" value=\"100\"></label>"
                + "<button id=\"send\" type=\"submit\">Send</button></form>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String amount = req.getParameter("amount");
        if (amount == null || !amount.matches("\\d{1,9}")) {
            Pages.page(res, 400, "Transfer", "<p>Invalid amount.</p>");
            return;
        }
        Pages.page(res, 200, "Transfer", "<h1 id=\"done\">Transfer of " + Pages.esc(amount) + " done</h1><p><a href=\""
                + req.getContextPath() + "/\">Home</a></p>");
    }
}
