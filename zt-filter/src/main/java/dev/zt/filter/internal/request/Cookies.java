package dev.zt.filter.internal.request;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request's cookies as sent, read from the raw {@code Cookie} headers (RFC 6265 section 5.4), so that a cookie sent
 * twice is seen twice: some containers keep only the first of two same-named cookies (Undertow), others the last.
 * Bounded: at most 200 cookies are read.
 */
public final class Cookies {

    private static final int MAX_COOKIES = 200;

    private final List<String[]> pairs;

    private Cookies(List<String[]> pairs) {
        this.pairs = pairs;
    }

    /** Parses the request's {@code Cookie} headers. */
    public static Cookies of(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        if (headers == null || !headers.hasMoreElements()) {
            return new Cookies(List.of());
        }
        List<String[]> pairs = new ArrayList<>();
        for (String header : Collections.list(headers)) {
            for (String part : header.split(";")) {
                if (pairs.size() >= MAX_COOKIES) {
                    return new Cookies(pairs);
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                pairs.add(new String[] {name, value});
            }
        }
        return new Cookies(pairs);
    }

    /** Every value sent under the name, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (String[] p : pairs) {
            if (p[0].equals(name)) {
                out.add(p[1]);
            }
        }
        return out;
    }

    /**
     * The one value of a cookie: {@code null} when absent or empty.
     *
     * @throws DuplicateCookieException when it was sent more than once with different values
     */
    public String single(String name) throws DuplicateCookieException {
        String found = null;
        for (String[] p : pairs) {
            if (p[0].equals(name)) {
                if (found != null && !found.equals(p[1])) {
                    throw new DuplicateCookieException(name);
                }
                found = p[1];
            }
        }
        return found == null || found.isEmpty() ? null : found;
    }

    /** A cookie was sent twice with different values. */
    public static final class DuplicateCookieException extends Exception {
        private static final long serialVersionUID = 1L;

        DuplicateCookieException(String name) {
            super("the cookie " + name + " was sent twice with different values");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
