package dev.zt.filter.internal;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses odd request lines before any path matching (in the manner of Spring Security's StrictHttpFirewall): encoded
 * slashes, backslashes, dots and percent signs, dot segments, empty segments, {@code ;} parameters other than a
 * servlet session id, control and non-ASCII characters, and unknown methods. Paths that pass are normalised, so a path
 * rule cannot be bypassed by spelling the same resource differently.
 */
public final class RequestFirewall {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final String[] ENCODED = {"%2f", "%5c", "%2e", "%25", "%00", "%3b"};

    /** The reason a request is refused, or {@code null} when it passes. */
    public String check(HttpServletRequest request) {
        if (!METHODS.contains(request.getMethod())) {
            return "method not allowed";
        }
        String uri = request.getRequestURI();
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
            return "request URI is not an absolute path";
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "control, space or non-ASCII character in the path";
            }
            if (c == '\\') {
                return "backslash in the path";
            }
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        for (String e : ENCODED) {
            if (lower.contains(e)) {
                return "encoded separator, dot or percent in the path";
            }
        }
        int semicolon = uri.indexOf(';');
        if (semicolon >= 0) {
            String param = lower.substring(semicolon);
            if (!param.startsWith(";jsessionid=") || param.indexOf('/') >= 0 || param.indexOf(';', 1) >= 0) {
                return "path parameter in the path";
            }
            uri = uri.substring(0, semicolon);
        }
        if (uri.contains("//")) {
            return "empty path segment";
        }
        for (String segment : uri.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment in the path";
            }
        }
        String query = request.getQueryString();
        if (query != null) {
            for (int i = 0; i < query.length(); i++) {
                char c = query.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    return "control character in the query";
                }
            }
            if (query.toLowerCase(Locale.ROOT).contains("%00")) {
                return "NUL in the query";
            }
        }
        return null;
    }

    /** The path inside the application ({@code requestURI} minus context path and session id), after {@link #check}. */
    public static String applicationPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int semicolon = uri.indexOf(';');
        if (semicolon >= 0) {
            uri = uri.substring(0, semicolon);
        }
        String context = request.getContextPath();
        String path = context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }
}
