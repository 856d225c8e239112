package dev.zt.filter.internal.rules;

/**
 * A path pattern: literal segments, {@code *} for exactly one segment, {@code {name}} for exactly one segment whose
 * value a rule may use (a permission's resource id), and a final {@code /**} for the path itself and everything below
 * it. Matching is exact and case-sensitive on the firewall-normalised path.
 */
public final class PathPattern {
    private final String text;
    private final String[] segments;
    private final boolean subtree;

    private PathPattern(String text, String[] segments, boolean subtree) {
        this.text = text;
        this.segments = segments;
        this.subtree = subtree;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException for a pattern not starting with {@code /} or with {@code **} elsewhere than at
     *     the end
     */
    public static PathPattern parse(String text) {
        String t = text.trim();
        if (!t.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with '/': " + t);
        }
        boolean subtree = false;
        String body = t;
        if (t.equals("/**")) {
            return new PathPattern(t, new String[0], true);
        }
        if (t.endsWith("/**")) {
            subtree = true;
            body = t.substring(0, t.length() - 3);
        }
        if (body.contains("**")) {
            throw new IllegalArgumentException("'**' is only allowed as the last segment: " + t);
        }
        String[] segs = body.equals("/") ? new String[0] : body.substring(1).split("/", -1);
        for (String s : segs) {
            if (s.isEmpty() && segs.length > 1) {
                throw new IllegalArgumentException("empty segment in path pattern: " + t);
            }
        }
        if (segs.length == 1 && segs[0].isEmpty()) {
            segs = new String[0];
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String s : segs) {
            if (s.startsWith("{") || s.endsWith("}") || s.contains("{") || s.contains("}")) {
                if (!s.matches("\\{[A-Za-z][A-Za-z0-9_]{0,30}}")) {
                    throw new IllegalArgumentException("a variable is a whole segment {name} (letters, digits, _): " + t);
                }
                if (!names.add(s)) {
                    throw new IllegalArgumentException("variable " + s + " twice in " + t);
                }
            }
        }
        return new PathPattern(t, segs, subtree);
    }

    /**
     * True when the path matches: its segments (the text after the leading {@code /}, split at every {@code /}, one
     * trailing slash ignored) against the pattern's. Read in place: every request matches its path against the public
     * paths and the rules.
     *
     * @throws IllegalArgumentException for a path that does not start with {@code /}: the firewall never hands one on,
     *     and neither "matches" (a deny rule skipped) nor "does not match" (a public path missed) would be safe to
     *     guess, so the request's decision fails ({@code zt_unavailable})
     */
    public boolean matches(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new IllegalArgumentException("not a normalised request path");
        }
        int end = path.length();
        int count = 0;
        if (end > 1) {
            count = 1;
            for (int i = 1; i < end; i++) {
                if (path.charAt(i) == '/') {
                    count++;
                }
            }
            if (path.charAt(end - 1) == '/') { // a trailing slash: the path itself
                count--;
                end--;
            }
        }
        if (subtree ? count < segments.length : count != segments.length) {
            return false;
        }
        int start = 1;
        for (String segment : segments) {
            int stop = path.indexOf('/', start);
            stop = stop < 0 || stop > end ? end : stop;
            int length = stop - start;
            if (variable(segment) ? length == 0
                    : !segment.equals("*") && !(segment.length() == length && path.startsWith(segment, start))) {
                return false;
            }
            start = stop + 1;
        }
        return true;
    }

    /** True when the pattern has the variable {@code {name}}. */
    public boolean hasVariable(String name) {
        for (String s : segments) {
            if (s.equals("{" + name + "}")) {
                return true;
            }
        }
        return false;
    }

    /** The value of the variable {@code {name}} in a path the pattern matches, or null. */
    public String variable(String path, String name) {
        if (!matches(path)) {
            return null;
        }
        String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals("{" + name + "}")) {
                return parts[i];
            }
        }
        return null;
    }

    private static boolean variable(String segment) {
        return segment.startsWith("{");
    }

    @Override
    public String toString() {
        return text;
    }
}
