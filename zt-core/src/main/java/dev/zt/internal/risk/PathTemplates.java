package dev.zt.internal.risk;

/**
 * The endpoint a path addresses, without its identifiers: {@code /api/orders/1042/items} is
 * {@code /api/orders/{}/items}. A segment is an identifier when it holds a digit and is not a plain word with a version
 * number ({@code v2}), or is longer than 24 characters (tokens, hashes, slugs). At most 8 segments and 120 characters
 * are kept, so that junk paths cost little and cannot grow a baseline.
 */
final class PathTemplates {

    private static final int MAX_SEGMENTS = 8;
    private static final int MAX_LENGTH = 120;

    private PathTemplates() {
    }

    static String of(String path) {
        StringBuilder out = new StringBuilder();
        int segments = 0;
        int i = 0;
        int n = path.length();
        while (i < n && segments < MAX_SEGMENTS) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            int start = i;
            while (i < n && path.charAt(i) != '/') {
                i++;
            }
            if (start == i) {
                break;
            }
            out.append('/').append(identifier(path, start, i) ? "{}" : path.substring(start, i));
            segments++;
            if (out.length() > MAX_LENGTH) {
                out.setLength(MAX_LENGTH);
                break;
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static boolean identifier(String s, int from, int to) {
        if (to - from > 24) {
            return true;
        }
        int digits = 0;
        for (int i = from; i < to; i++) {
            if (Character.isDigit(s.charAt(i))) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        // v1, v2beta: a version, part of the endpoint
        return !(s.charAt(from) == 'v' || s.charAt(from) == 'V') || digits > 2 || to - from > 8;
    }
}
