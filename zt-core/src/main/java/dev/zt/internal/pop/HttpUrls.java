package dev.zt.internal.pop;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Normalises an {@code http(s)} URL for comparison as RFC 9449 section 4.3 asks (step 9: query and fragment
 * ignored; RFC 3986 section 6.2.2 and 6.2.3): scheme and host in lower case, the default port removed, an empty path
 * as {@code /}, percent-encodings of unreserved characters decoded and the others in upper case, dot segments
 * removed. Anything else is not normalised but refused: user information, a non-ASCII or control character, a broken
 * percent-encoding.
 */
public final class HttpUrls {

    /** The longest URL compared; a longer one is refused. */
    public static final int MAX_LENGTH = 4096;

    private HttpUrls() {
    }

    /**
     * The normalised {@code scheme://host[:port]/path} of a URL.
     *
     * @throws IllegalArgumentException when the value is not an absolute http or https URL zt compares
     */
    public static String normalize(String url) {
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("a control, space or non-ASCII character");
            }
        }
        int colon = url.indexOf("://");
        if (colon < 0) {
            throw new IllegalArgumentException("not an absolute URL");
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not http or https");
        }
        int start = colon + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end).toLowerCase(Locale.ROOT);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("no host, or user information");
        }
        String host = authority;
        String port = null;
        int portColon = authority.lastIndexOf(':');
        if (portColon >= 0 && authority.indexOf(']', portColon) < 0) {
            host = authority.substring(0, portColon);
            port = authority.substring(portColon + 1);
            if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("a bad port");
            }
            port = port.isEmpty() ? null : String.valueOf(Integer.parseInt(port));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (port != null && (scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443"))) {
            port = null;
        }
        int pathEnd = end;
        while (pathEnd < url.length() && url.charAt(pathEnd) != '?' && url.charAt(pathEnd) != '#') {
            pathEnd++;
        }
        String path = removeDotSegments(percentNormalized(url.substring(end, pathEnd)));
        return scheme + "://" + host + (port == null ? "" : ":" + port) + (path.isEmpty() ? "/" : path);
    }

    /** Decodes percent-encoded unreserved characters; other encodings in upper case (RFC 3986 section 6.2.2.2). */
    static String percentNormalized(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                throw new IllegalArgumentException("a broken percent-encoding");
            }
            char decoded = (char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
            if (decoded >= 'A' && decoded <= 'Z' || decoded >= 'a' && decoded <= 'z' || decoded >= '0' && decoded <= '9'
                    || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~') {
                sb.append(decoded);
            } else {
                sb.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
                        .append(Character.toUpperCase(path.charAt(i + 2)));
            }
            i += 2;
        }
        return sb.toString();
    }

    /** RFC 3986 section 5.2.4, for an absolute path. */
    static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (s.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(s);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String s : out) {
            sb.append('/').append(s);
        }
        return sb.toString();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
    }
}
