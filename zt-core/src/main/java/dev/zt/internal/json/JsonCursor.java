package dev.zt.internal.json;

import dev.zt.internal.text.Ascii;

/**
 * The lexical half of {@link StrictJson}: a position in the text, whitespace, literals, digits and strings (escapes
 * with ASCII hexadecimal digits only, no unescaped control characters, no lone surrogates). Not thread-safe; one per
 * parse.
 */
abstract class JsonCursor {

    final String in;
    int pos;

    JsonCursor(String in) {
        this.in = in;
    }

    final String readString() {
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

    final void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    final void expectWord(String word) {
        if (!in.startsWith(word, pos)) {
            throw new JsonException("invalid literal at offset " + pos);
        }
        pos += word.length();
    }

    final void expect(char c) {
        if (peek() != c) {
            throw new JsonException("expected '" + c + "' at offset " + pos);
        }
        pos++;
    }

    final char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    final void skipWhitespace() {
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
