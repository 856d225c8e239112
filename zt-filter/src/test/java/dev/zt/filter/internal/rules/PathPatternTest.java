package dev.zt.filter.internal.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    private static final List<String> PATTERNS = List.of("/", "/**", "/health", "/api/**", "/api/*", "/api/*/items",
            "/orders/{id}", "/orders/{id}/**", "/a/b/c", "/*", "/*/*", "/static/app/**", "/api");

    private static final List<String> PATHS = List.of("/", "//", "/health", "/health/", "/healthz", "/health/x", "/api",
            "/api/", "/api/x", "/api/x/", "/api/x/items", "/api/x/items/", "/api//items", "/api/x/y", "/orders/",
            "/orders/7", "/orders/7/", "/orders//", "/orders/7/lines", "/a/b/c", "/a/b/c/", "/a/b", "/a/b/c/d", "/a//",
            "/static/app/site.css", "/static/app", "/static/appx", "/x", "/x/y", "/x/y/z", "/API", "/a/b//");

    /** The definition the in-place matcher must agree with: the path's segments, split, one trailing slash dropped. */
    private static boolean reference(PathPattern pattern, String path) {
        String[] segments = pattern.toString().equals("/**") ? new String[0]
                : pattern.toString().replaceAll("/\\*\\*$", "").replaceAll("^/$", "").replaceFirst("^/", "")
                        .split("/", -1);
        if (segments.length == 1 && segments[0].isEmpty()) {
            segments = new String[0];
        }
        boolean subtree = pattern.toString().endsWith("/**");
        String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        if (parts.length > 0 && parts[parts.length - 1].isEmpty()) {
            parts = java.util.Arrays.copyOf(parts, parts.length - 1);
        }
        if (subtree ? parts.length < segments.length : parts.length != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            boolean variable = segments[i].startsWith("{");
            if (variable ? parts[i].isEmpty() : !segments[i].equals("*") && !segments[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyPatternMatchesEveryPathAsItsSegmentsSay() {
        for (String p : PATTERNS) {
            PathPattern pattern = PathPattern.parse(p);
            for (String path : PATHS) {
                assertThat(pattern.matches(path)).as(p + " on " + path).isEqualTo(reference(pattern, path));
            }
        }
    }

    @Test
    void literalsWildcardsVariablesAndSubtrees() {
        assertThat(PathPattern.parse("/health").matches("/health/")).as("a trailing slash is the path itself").isTrue();
        assertThat(PathPattern.parse("/health").matches("/healthz")).isFalse();
        assertThat(PathPattern.parse("/health").matches("/Health")).as("case-sensitive").isFalse();
        assertThat(PathPattern.parse("/api/*").matches("/api/x")).isTrue();
        assertThat(PathPattern.parse("/api/*").matches("/api/x/y")).as("one segment exactly").isFalse();
        assertThat(PathPattern.parse("/orders/{id}").matches("/orders/7")).isTrue();
        assertThat(PathPattern.parse("/orders/{id}").matches("/orders//")).as("a variable is never empty").isFalse();
        assertThat(PathPattern.parse("/api/**").matches("/api")).as("the subtree's root").isTrue();
        assertThat(PathPattern.parse("/api/**").matches("/api/x/y/z")).isTrue();
        assertThat(PathPattern.parse("/api/**").matches("/apix")).isFalse();
        assertThat(PathPattern.parse("/**").matches("/")).isTrue();
        assertThat(PathPattern.parse("/").matches("/")).isTrue();
        assertThat(PathPattern.parse("/").matches("/a")).isFalse();
        for (String notAPath : new String[] {"", "a", "a/b", "*"}) { // the firewall never hands one on: no guess
            assertThatThrownBy(() -> PathPattern.parse("/**").matches(notAPath)).as(notAPath)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
