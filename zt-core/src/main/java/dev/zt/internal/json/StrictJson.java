package dev.zt.internal.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for token headers, claim sets and key sets.
 *
 * <p>Unlike general-purpose parsers it refuses everything an attacker could use to make two parsers disagree about
 * a token: duplicate member names (compared after unescaping, so {@code "\u0065xp"} duplicates {@code "exp"}),
 * trailing data after the value, nesting deeper than a fixed limit, unescaped control characters, invalid escapes,
 * lone surrogates, backslash-u escapes with anything but ASCII hexadecimal digits (Java's {@code Character.digit} would
 * read Arabic-Indic digits), leading zeros and non-finite numbers (RFC 8259; RFC 7515 section 5.2 step 4 requires
 * rejecting duplicate header names, and RFC 8725 section 3.x recommends strict parsing). Numbers are bounded before
 * any arithmetic: at most {@value #MAX_NUMBER_CHARS} characters and a decimal exponent within
 * &plusmn;{@value #MAX_EXPONENT}, so that a signed {@code 1e-20000000} cannot cost seconds of {@link java.math.BigDecimal} work.
 *
 * <p>Values map to: {@link Map} (unmodifiable, insertion-ordered), {@link List} (unmodifiable), {@link String},
 * {@link Long} (integers that fit), {@link java.math.BigInteger} (larger integers), {@link java.math.BigDecimal} (fractions and
 * exponents), {@link Boolean} and {@code null}.
 */
public final class StrictJson extends JsonCursor {

    /** Default nesting limit: objects and arrays deeper than this are refused. */
    public static final int DEFAULT_MAX_DEPTH = 16;

    /**
     * The longest number accepted, in characters: enough for any integer up to 2^128 or a double written out, short
     * enough that no number can cost noticeable CPU in the {@link java.math.BigDecimal} arithmetic of its readers.
     */
    public static final int MAX_NUMBER_CHARS = 64;

    /** The largest decimal exponent accepted ({@code 1e400}, {@code 1e-400}); beyond any double and any date. */
    public static final int MAX_EXPONENT = 400;

    private final int maxDepth;

    private StrictJson(String in, int maxDepth) {
        super(in);
        this.maxDepth = maxDepth;
    }

    /**
     * Parses a JSON text whose top-level value must be an object.
     *
     * @throws JsonException when the text is not strictly valid or not an object
     */
    public static Map<String, Object> parseObject(String text) {
        return parseObject(text, DEFAULT_MAX_DEPTH);
    }

    /** As {@link #parseObject(String)} with an explicit nesting limit. */
    public static Map<String, Object> parseObject(String text, int maxDepth) {
        Object value = parse(text, maxDepth);
        if (!(value instanceof Map)) {
            throw new JsonException("top-level value is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    /** Parses any JSON text, refusing trailing data. */
    public static Object parse(String text, int maxDepth) {
        if (text == null) {
            throw new JsonException("no JSON text");
        }
        StrictJson p = new StrictJson(text, maxDepth);
        p.skipWhitespace();
        Object value = p.readValue(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw new JsonException("trailing data after the JSON value at offset " + p.pos);
        }
        return value;
    }

    private Object readValue(int depth) {
        if (pos >= in.length()) {
            throw new JsonException("unexpected end of JSON text");
        }
        char c = in.charAt(pos);
        switch (c) {
            case '{':
                return readObject(depth + 1);
            case '[':
                return readArray(depth + 1);
            case '"':
                return readString();
            case 't':
                expectWord("true");
                return Boolean.TRUE;
            case 'f':
                expectWord("false");
                return Boolean.FALSE;
            case 'n':
                expectWord("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw new JsonException("unexpected character at offset " + pos);
        }
    }

    private Map<String, Object> readObject(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new JsonException("expected a member name at offset " + pos);
            }
            String name = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue(depth);
            if (map.containsKey(name)) {
                throw new JsonException("duplicate member name");
            }
            map.put(name, value);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                throw new JsonException("expected ',' or '}' at offset " + (pos - 1));
            }
        }
    }

    private List<Object> readArray(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(readValue(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                throw new JsonException("expected ',' or ']' at offset " + (pos - 1));
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw new JsonException("JSON nested deeper than " + maxDepth + " levels");
        }
    }

    private Number readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw new JsonException("leading zero in number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new JsonException("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw new JsonException("invalid number");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new JsonException("invalid number");
            }
            digits();
        }
        return JsonNumbers.value(in.substring(start, pos));
    }
}
