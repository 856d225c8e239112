package dev.zt.filter.internal.oidc;

import dev.zt.token.RejectionReason;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The browser login's own pages: the hop back to the application after a login, and the error page. Both are static
 * HTML with a {@code Content-Security-Policy} that allows nothing (no script, no style, no frame), never cached, and
 * never show more than the reason's generic text and code (specifics go to the audit log).
 */
public final class LoginPages {

    private static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private LoginPages() {
    }

    /**
     * 200 with a same-site hop to {@code path}: the provider's redirect to the callback is a cross-site navigation,
     * on which a browser would not send the {@code SameSite=Strict} session cookie just set; the page's own refresh
     * is same-site, so the first page of the session gets it.
     */
    static void proceed(HttpServletResponse res, String path) throws IOException {
        hop(res, path, "Signed in");
    }

    /**
     * 200 with a hop to the provider's end-session endpoint after a logout: a page rather than a redirect, so that an
     * application's {@code Content-Security-Policy: form-action} (which browsers apply to a form post's redirects)
     * cannot stop its sign-out form from reaching the provider.
     */
    public static void signedOut(HttpServletResponse res, String endSessionUrl) throws IOException {
        hop(res, endSessionUrl, "Signed out");
    }

    private static void hop(HttpServletResponse res, String url, String title) throws IOException {
        String u = escape(url);
        write(res, 200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url="
                + u + "\"><title>" + title + "</title></head><body><p>" + title + ". <a href=\"" + u + "\">Continue</a>"
                + "</p></body></html>");
    }

    /** The error page of a refused login, with a link back to the application's root (a user's choice, no loop). */
    static void error(HttpServletResponse res, RejectionReason reason, String root, long retryAfterSeconds)
            throws IOException {
        if (reason.transientFailure()) {
            res.setHeader("Retry-After", Long.toString(reason == RejectionReason.RATE_LIMITED ? 60 : retryAfterSeconds));
        }
        write(res, reason.httpStatus(), "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign-in failed"
                + "</title></head><body><h1>Sign-in failed</h1><p>" + escape(capitalized(reason.publicDetail()))
                + ".</p><p>Reason: <code>" + escape(reason.code()) + "</code></p><p><a href=\"" + escape(root)
                + "\">Try again</a></p></body></html>");
    }

    private static void write(HttpServletResponse res, int status, String html) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setContentType("text/html;charset=UTF-8");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }
}
