package dev.zt.containers;

import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.token.RejectionReason;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The application behind the filter: reports what it sees, and refuses the way legacy code does (after taking the
 * writer or the stream and writing part of a page).
 */
public final class ContractServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Printed in every answer, so a test can tell the application was reached. */
    static final String REACHED = "application-reached";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.equals("/refuse-after-writer")) {
            res.setContentType("text/html");
            res.getWriter().print("<html><body>partial page " + REACHED);
            throw new AccessDeniedException(RejectionReason.INSUFFICIENT_SCOPE, "needs write", Set.of("orders:write"));
        }
        if (path.equals("/refuse-after-stream")) {
            res.getOutputStream().write(("partial " + REACHED).getBytes(StandardCharsets.UTF_8));
            throw new StepUpRequiredException("mfa", Duration.ofMinutes(5), "needs mfa");
        }
        if (path.equals("/server-info")) {
            res.setContentType("text/plain");
            res.getWriter().print(getServletContext().getServerInfo());
            return;
        }
        res.setContentType("text/plain");
        res.getWriter().print(REACHED + " path=" + path + " user=" + req.getRemoteUser() + " admin="
                + req.isUserInRole("admin") + " method=" + req.getMethod());
    }
}
