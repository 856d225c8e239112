package dev.zt.it;

import dev.zt.ZeroTrustContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Echoes what the application behind the filter sees. */
public class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Object ctx = req.getAttribute(ZeroTrustContext.ATTRIBUTE);
        String client = ctx instanceof ZeroTrustContext ? ((ZeroTrustContext) ctx).clientAddress() : "-";
        res.setContentType("text/plain");
        res.getWriter().print("user=" + req.getRemoteUser() + " auth=" + req.getAuthType() + " admin="
                + req.isUserInRole("admin") + " client=" + client);
    }
}
