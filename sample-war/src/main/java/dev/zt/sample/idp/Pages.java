package dev.zt.sample.idp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Small HTML and cookie helpers for the demo pages. */
public final class Pages {

    private Pages() {
    }

    /** Escapes text for HTML. */
    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** Writes a whole page. */
    public static void page(HttpServletResponse res, int status, String title, String body) throws IOException {
        res.setStatus(status);
        res.setContentType("text/html;charset=UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'");
        res.getWriter().print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><style>body{font-family:sans-serif;max-width:40em;margin:2em auto}label{display:block;"
                + "margin:.5em 0}.demo{background:#fee;padding:.5em;border:1px solid #c99}</style></head><body>"
                + body + "</body></html>");
    }

    /** A same-origin return path from a form or query parameter, or the home page. */
    public static String returnPath(HttpServletRequest req) {
        String r = req.getParameter("return");
        String ctx = req.getContextPath();
        if (r == null || !r.startsWith(ctx + "/") || r.startsWith("//") || r.contains("\\") || r.contains("://")) {
            return ctx + "/";
        }
        return r;
    }

    /** The value of a request cookie. */
    public static String cookie(HttpServletRequest req, String name) {
        if (req.getCookies() == null) {
            return null;
        }
        for (jakarta.servlet.http.Cookie c : req.getCookies()) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /** A page with an optional error message and a form posting to {@code action} that returns to the request's page. */
    public static void form(HttpServletRequest req, HttpServletResponse res, int status, String title, String intro,
            String message, String action, String fields) throws IOException {
        page(res, status, title, intro + (message.isEmpty() ? "" : "<p id=\"error\">" + esc(message) + "</p>")
                + "<form method=\"post\" action=\"" + req.getContextPath() + action + "\">"
                + "<input type=\"hidden\" name=\"return\" value=\"" + esc(returnPath(req)) + "\">" + fields
                + "</form>");
    }

    /** A JSON error answer {@code {"error": code}}. */
    public static void jsonError(HttpServletResponse res, int status, String code) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().print("{\"error\":\"" + code + "\"}");
    }

    /** True when the client asked for JSON (curl, scripts) rather than HTML. */
    public static boolean wantsJson(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }
}
