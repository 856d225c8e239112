package dev.zt.internal.risk;

/**
 * The endpoint a path addresses, without its identifiers: {@code /api/orders/1042/items} is
 * {@code /api/orders/{}/items}. A segment is an identifier when it holds a digit and is not a plain word with a version
 * number ({@code v2}), or is longer than 24 characters (tokens, hashes, slugs). At most 8 segments and 120 characters
 * are kept, so that junk paths cost little and cannot grow a baseline.
 */
public final class PathTemplates {

    private static final int MAX_SEGMENTS = 8;
    private static final int MAX_LENGTH = 120;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private PathTemplates() {
    }

    /** The template of a path. */
    public static String of(String path) {
        StringBuilder out = new StringBuilder();
        scan(path, out);
        return out.toString();
    }

    /**
     * {@code Baseline.templateHash(of(path))} without building the template: the same FNV-1a 64 over the same
     * characters, on the request path without an allocation.
     */
    static long hash(String path) {
        return scan(path, null);
    }

    /**
     * Walks a path's template, in order: at most 8 segments and 120 characters; "/" for none. Appends its characters
     * to {@code out} when there is one, and returns their FNV-1a 64 hash (a sink object or lambda here would be
     * allocated per request: this method is too large to be inlined into its callers).
     */
    private static long scan(String path, StringBuilder out) {
        long h = FNV_OFFSET;
        int length = 0;
        int segments = 0;
        int i = 0;
        int n = path.length();
        while (i < n && segments < MAX_SEGMENTS && length < MAX_LENGTH) {
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
            boolean id = identifier(path, start, i);
            int count = id ? 3 : i - start + 1;
            for (int k = 0; k < count && length < MAX_LENGTH; k++, length++) {
                char c = k == 0 ? '/' : id ? (k == 1 ? '{' : '}') : path.charAt(start + k - 1);
                h = (h ^ c) * FNV_PRIME;
                if (out != null) {
                    out.append(c);
                }
            }
            segments++;
        }
        if (length == 0) {
            h = (h ^ '/') * FNV_PRIME;
            if (out != null) {
                out.append('/');
            }
        }
        return h;
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
