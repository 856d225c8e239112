package dev.zt.internal.json;

import dev.zt.internal.text.Ascii;

import java.math.BigDecimal;
import java.math.BigInteger;
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
 * &plusmn;{@value #MAX_EXPONENT}, so that a signed {@code 1e-20000000} cannot cost seconds of {@link BigDecimal} work.
 *
 * <p>Values map to: {@link Map} (unmodifiable, insertion-ordered), {@link List} (unmodifiable), {@link String},
 * {@link Long} (integers that fit), {@link BigInteger} (larger integers), {@link BigDecimal} (fractions and
 * exponents), {@link Boolean} and {@code null}.
 */
public final class StrictJson {

    /** Default nesting limit: objects and arrays deeper than this are refused. */
    public static final int DEFAULT_MAX_DEPTH = 16;

    /**
     * The longest number accepted, in characters: enough for any integer up to 2^128 or a double written out, short
     * enough that no number can cost noticeable CPU in the {@link BigDecimal} arithmetic of its readers.
     */
    public static final int MAX_NUMBER_CHARS = 64;

    /** The largest decimal exponent accepted ({@code 1e400}, {@code 1e-400}); beyond any double and any date. */
    public static final int MAX_EXPONENT = 400;

    private final String in;
    private final int maxDepth;
    private int pos;

    private StrictJson(String in, int maxDepth) {
        this.in = in;
        this.maxDepth = maxDepth;
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

    private String readString() {
        pos++; // opening quote
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos >= in.length()) {
                throw new JsonException("unterminated string");
            }
            char c = in.charAt(pos);
            if (c == '"') {
                String s = sb == null ? in.substring(start, pos) : sb.append(in, start, pos).toString();
                pos++;
                return checkSurrogates(s);
            }
            if (c < 0x20) {
                throw new JsonException("unescaped control character in string at offset " + pos);
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(in, start, pos);
                pos++;
                sb.append(readEscape());
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private char readEscape() {
        if (pos >= in.length()) {
            throw new JsonException("unterminated escape");
        }
        char e = in.charAt(pos++);
        switch (e) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (pos + 4 > in.length()) {
                    throw new JsonException("truncated unicode escape");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Ascii.hexDigit(in.charAt(pos++));
                    if (d < 0) {
                        throw new JsonException("invalid unicode escape");
                    }
                    v = (v << 4) | d;
                }
                return (char) v;
            default:
                throw new JsonException("invalid escape sequence");
        }
    }


    private static String checkSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new JsonException("lone surrogate in string");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new JsonException("lone surrogate in string");
            }
        }
        return s;
    }

    private Number readNumber() {
        int start = pos;
        boolean integral = true;
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
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw new JsonException("invalid number");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new JsonException("invalid number");
            }
            digits();
        }
        String text = in.substring(start, pos);
        if (text.length() > MAX_NUMBER_CHARS) {
            throw new JsonException("number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        if (!integral && exponentTooLarge(text)) {
            throw new JsonException("number exponent beyond +/-" + MAX_EXPONENT);
        }
        if (integral) {
            if (text.length() <= 18) {
                return Long.parseLong(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonException("number out of range");
        }
    }

    /** True when the number's decimal exponent (after {@code e}) is larger in magnitude than {@link #MAX_EXPONENT}. */
    private static boolean exponentTooLarge(String text) {
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e < 0) {
            return false;
        }
        int i = e + 1;
        if (text.charAt(i) == '+' || text.charAt(i) == '-') {
            i++;
        }
        while (i < text.length() - 1 && text.charAt(i) == '0') {
            i++; // leading zeros of the exponent carry no magnitude
        }
        return text.length() - i > 3 || Integer.parseInt(text.substring(i)) > MAX_EXPONENT;
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void expectWord(String word) {
        if (!in.startsWith(word, pos)) {
            throw new JsonException("invalid literal at offset " + pos);
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new JsonException("expected '" + c + "' at offset " + pos);
        }
        pos++;
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }
}
