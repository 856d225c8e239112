package dev.zt.it;

import dev.zt.ZeroTrust;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls another deployment over HTTP with this service's own token (service-to-service). */
public class PullServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ZeroTrust zt = (ZeroTrust) req.getServletContext().getAttribute(ZeroTrust.class.getName());
        URI target = URI.create("http://127.0.0.1:" + req.getLocalPort() + "/reports/report");
        HttpRequest.Builder call = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET();
        if (!"false".equals(req.getParameter("token"))) {
            zt.serviceTokens().orElseThrow().authorize(call, "api://reports");
        }
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(call.build(),
                    HttpResponse.BodyHandlers.ofString());
            res.setContentType("text/plain");
            res.getWriter().print("status=" + answer.statusCode() + " body=" + answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.sendError(503);
        }
    }
}
