package dev.zt.filter.internal.http;

import dev.zt.internal.http.Problem;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/** Writes zt's refusals ({@link Problem}) to a servlet response. */
public final class Problems {

    private Problems() {
    }

    /** Writes the problem, replacing anything buffered. */
    public static void write(HttpServletResponse res, Problem problem) throws IOException {
        res.resetBuffer();
        res.setStatus(problem.status());
        for (Map.Entry<String, String> h : problem.headers().entrySet()) {
            res.setHeader(h.getKey(), h.getValue());
        }
        byte[] body = problem.body();
        res.setContentType(Problem.CONTENT_TYPE);
        try {
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        } catch (IllegalStateException e) { // the application took the writer before refusing: answer through it
            res.setCharacterEncoding("UTF-8");
            res.getWriter().write(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
