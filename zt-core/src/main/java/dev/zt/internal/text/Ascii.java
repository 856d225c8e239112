package dev.zt.internal.text;

/** ASCII-only character classes, for parsers that must not accept other scripts' look-alikes. */
public final class Ascii {

    private Ascii() {
    }

    /**
     * An ASCII hexadecimal digit's value, or -1: never another script's digits ({@link Character#digit(char, int)}
     * accepts Arabic-Indic and full-width digits, a parser differential).
     */
    public static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
