package dev.zt.internal.json;

import java.util.Collection;
import java.util.Map;

/**
 * zt's one JSON writer: an object of string, number, boolean, string-array and number-object members, every string escaped by
 * {@link #quote} and cut to a per-value limit (audit lines come from requests: nothing written can break a
 * line or grow without bound). Null values are left out. Not thread-safe; one per document.
 */
public final class JsonWriter {

    /** No limit on value length (protocol bodies whose values zt made itself). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final StringBuilder sb;
    private final int maxChars;
    private boolean first = true;

    private JsonWriter(int capacity, int maxChars) {
        this.sb = new StringBuilder(capacity).append('{');
        this.maxChars = maxChars;
    }

    /** Starts an object whose string values are cut to {@code maxChars} characters. */
    public static JsonWriter object(int maxChars) {
        return new JsonWriter(256, maxChars);
    }

    private StringBuilder name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        return quote(sb, name, UNLIMITED).append(':');
    }

    /** A string member; left out when {@code value} is null. */
    public JsonWriter field(String name, String value) {
        if (value != null) {
            quote(name(name), value, maxChars);
        }
        return this;
    }

    /** A number member. */
    public JsonWriter field(String name, long value) {
        name(name).append(value);
        return this;
    }

    /** A number member; left out when {@code value} is null. Refuses NaN and infinities (not JSON). */
    public JsonWriter field(String name, Number value) {
        if (value != null) {
            if (value instanceof Double && !Double.isFinite((Double) value)) {
                throw new IllegalArgumentException("not a JSON number: " + value);
            }
            name(name).append(value);
        }
        return this;
    }

    /** An object of number members; left out when {@code values} is null. */
    public JsonWriter numbers(String name, Map<String, ? extends Number> values) {
        if (values == null) {
            return this;
        }
        StringBuilder b = name(name).append('{');
        boolean firstValue = true;
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            if (!firstValue) {
                b.append(',');
            }
            firstValue = false;
            quote(b, e.getKey(), maxChars).append(':').append(e.getValue());
        }
        b.append('}');
        return this;
    }

    /** A member whose value is JSON text this class wrote (a nested object or array); left out when null. */
    public JsonWriter raw(String name, String json) {
        if (json != null) {
            name(name).append(json);
        }
        return this;
    }

    /** An object of string members; left out when {@code values} is null. */
    public JsonWriter strings(String name, Map<String, String> values) {
        if (values == null) {
            return this;
        }
        StringBuilder b = name(name).append('{');
        boolean firstValue = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!firstValue) {
                b.append(',');
            }
            firstValue = false;
            quote(quote(b, e.getKey(), UNLIMITED).append(':'), e.getValue(), maxChars);
        }
        b.append('}');
        return this;
    }

    /** A boolean member. */
    public JsonWriter field(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /** An array of strings; left out when {@code values} is null. */
    public JsonWriter field(String name, Collection<String> values) {
        if (values == null) {
            return this;
        }
        StringBuilder b = name(name).append('[');
        boolean firstValue = true;
        for (String v : values) {
            if (!firstValue) {
                b.append(',');
            }
            firstValue = false;
            quote(b, v, maxChars);
        }
        b.append(']');
        return this;
    }

    /** Closes the object and returns the text. */
    public String end() {
        return sb.append('}').toString();
    }

    /**
     * Appends {@code s}, cut to at most {@code maxChars} characters, as a JSON string literal: quote and backslash
     * escaped; control characters, DEL, U+0085, the line and paragraph separators U+2028/U+2029 and lone surrogates as
     * hexadecimal escapes (so that nothing written can break a log line or a JavaScript reader). The cut never splits
     * a surrogate pair.
     */
    public static StringBuilder quote(StringBuilder sb, String s, int maxChars) {
        sb.append('"');
        int n = Math.min(s.length(), maxChars);
        if (n > 0 && n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))
                && Character.isLowSurrogate(s.charAt(n))) {
            n--; // never cut a pair in two
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                hex(sb, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                hex(sb, c); // a lone surrogate
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }

    private static void hex(StringBuilder sb, char c) {
        sb.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            sb.append(HEX[(c >> shift) & 0xf]);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
