package dev.zt.filter.internal.request;

import dev.zt.internal.text.Ascii;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses odd requests before any path matching (in the manner of Spring Security's StrictHttpFirewall) and yields the
 * one path zt decides on: the path the container dispatches on. The raw request URI may not hold encoded slashes,
 * backslashes, dots, percent signs or semicolons, dot segments, empty segments, {@code ;} parameters other than a
 * servlet session id, control or non-ASCII characters; its percent-encoding must be well formed and decode to valid,
 * shortest-form UTF-8 without control, space or invisible (format) characters; and that decoding must equal the
 * container's own
 * {@code contextPath + servletPath + pathInfo}. A request the container would dispatch on a path other than the one zt
 * reads (Apache Shiro's CVE-2020-1957 and CVE-2020-11989 class: {@code /%74ransfer} served as {@code /transfer}) is
 * refused, so a path rule can never be walked around by spelling a path differently.
 */
public final class RequestFirewall {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    /**
     * Checks the request and returns its application path: decoded, as the container dispatches it
     * ({@code servletPath + pathInfo}), never empty.
     *
     * @throws RequestRejectedException with a detail for the audit log
     */
    public String check(HttpServletRequest request) throws RequestRejectedException {
        if (!METHODS.contains(request.getMethod())) {
            throw new RequestRejectedException("method not allowed");
        }
        String uri = request.getRequestURI();
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
            throw new RequestRejectedException("request URI is not an absolute path");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new RequestRejectedException("control, space or non-ASCII character in the path");
            }
            if (c == '\\') {
                throw new RequestRejectedException("backslash in the path");
            }
        }
        // Each check below reads the URI in place: this runs on every request, so it allocates nothing unless the
        // URI carries a path parameter.
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 < uri.length() && encodedSeparator(uri.charAt(i + 1), uri.charAt(i + 2))) {
                throw new RequestRejectedException("encoded separator, dot or percent in the path");
            }
        }
        int semicolon = uri.indexOf(';');
        if (semicolon >= 0) {
            String param = uri.substring(semicolon).toLowerCase(Locale.ROOT); // ASCII only, checked above
            if (!param.startsWith(";jsessionid=") || param.indexOf('/') >= 0 || param.indexOf(';', 1) >= 0) {
                throw new RequestRejectedException("path parameter in the path");
            }
            uri = uri.substring(0, semicolon);
        }
        if (uri.contains("//")) {
            throw new RequestRejectedException("empty path segment");
        }
        for (int start = 0, end; start <= uri.length(); start = end + 1) {
            end = uri.indexOf('/', start);
            end = end < 0 ? uri.length() : end;
            if (dotSegment(uri, start, end)) {
                throw new RequestRejectedException("dot segment in the path");
            }
        }
        checkQuery(request.getQueryString());
        return dispatchedPath(request, decode(uri));
    }

    /** True for the escape {@code %XY} of a separator, dot, percent or NUL: 2f, 5c, 2e, 25, 00, 3b in either case. */
    private static boolean encodedSeparator(char x, char y) {
        char lo = Character.toLowerCase(y);
        switch (x) {
            case '2':
                return lo == 'f' || lo == 'e' || y == '5';
            case '5':
                return lo == 'c';
            case '0':
                return y == '0';
            case '3':
                return lo == 'b';
            default:
                return false;
        }
    }

    /** True when {@code uri[start, end)} is {@code .} or {@code ..}. */
    private static boolean dotSegment(String uri, int start, int end) {
        int length = end - start;
        return (length == 1 || length == 2) && uri.charAt(start) == '.' && uri.charAt(end - 1) == '.';
    }

    private static void checkQuery(String query) throws RequestRejectedException {
        if (query == null) {
            return;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new RequestRejectedException("control character in the query");
            }
        }
        if (query.contains("%00")) { // digits have no case
            throw new RequestRejectedException("NUL in the query");
        }
    }

    /**
     * The container's path, which must be the strict decoding of the request URI. One exception is allowed: a
     * directory request the container served with a welcome file ({@code /app/} as {@code /app/index.jsp}) is decided
     * on the welcome file's path, the one the container runs.
     */
    private static String dispatchedPath(HttpServletRequest request, String decodedUri)
            throws RequestRejectedException {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String dispatched = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        if (dispatched.isEmpty()) {
            dispatched = "/";
        }
        String context = request.getContextPath() == null ? "" : decode(request.getContextPath());
        if (!decodedUri.startsWith(context)) {
            throw new RequestRejectedException("the request URI is outside the application's context path");
        }
        String relative = decodedUri.substring(context.length());
        if (relative.isEmpty()) {
            relative = "/";
        }
        if (relative.equals(dispatched)) {
            return dispatched;
        }
        boolean welcomeFile = relative.endsWith("/") && dispatched.startsWith(relative)
                && dispatched.indexOf('/', relative.length()) < 0;
        if (welcomeFile) {
            return dispatched;
        }
        throw new RequestRejectedException("the container dispatches the request on another path than it names");
    }

    /**
     * Strict percent-decoding (RFC 3986 section 2.1) as UTF-8: malformed escapes, invalid or overlong UTF-8, and decoded
     * control characters (C0, DEL, C1) are refused.
     */
    public static String decode(String raw) throws RequestRejectedException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Ascii.hexDigit(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? Ascii.hexDigit(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new RequestRejectedException("malformed percent-encoding in the path");
                }
                bytes.put((byte) ((hi << 4) | lo));
                i += 2;
            } else {
                bytes.put((byte) c); // ASCII only, checked before
            }
        }
        bytes.flip();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = utf8.decode(bytes); // the JDK decoder refuses overlong forms and encoded surrogates
        } catch (CharacterCodingException e) {
            throw new RequestRejectedException("percent-encoding that is not valid UTF-8 in the path");
        }
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                throw new RequestRejectedException("encoded control character in the path");
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT) {
                // "/transfer " or "/trans\u200bfer": some component may trim or drop what a rule would not match
                throw new RequestRejectedException("encoded space or invisible character in the path");
            }
        }
        return chars.toString();
    }
}
