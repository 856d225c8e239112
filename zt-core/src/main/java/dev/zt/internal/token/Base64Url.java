package dev.zt.internal.token;

import java.util.Base64;

/**
 * Strict, canonical base64url (RFC 7515 section 2 and appendix C): the URL-safe alphabet only, no padding, no
 * whitespace, and no set bits in the unused low bits of the last character, so that every byte string has exactly
 * one encoding and a token cannot be altered without changing its signing input.
 */
public final class Base64Url {

    private static final boolean[] ALPHABET = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            ALPHABET[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ALPHABET[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALPHABET[c] = true;
        }
        ALPHABET['-'] = true;
        ALPHABET['_'] = true;
    }

    private Base64Url() {
    }

    /** True when every character of {@code s[from, to)} is in the base64url alphabet. */
    public static boolean isAlphabet(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !ALPHABET[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes {@code s[from, to)}.
     *
     * @throws IllegalArgumentException when the segment is not canonical unpadded base64url
     */
    public static byte[] decode(String s, int from, int to) {
        int len = to - from;
        if (!isAlphabet(s, from, to)) {
            throw new IllegalArgumentException("not base64url");
        }
        int rem = len % 4;
        if (rem == 1) {
            throw new IllegalArgumentException("impossible base64url length");
        }
        if (rem != 0) {
            int last = value(s.charAt(to - 1));
            int unusedMask = rem == 2 ? 0x0F : 0x03;
            if ((last & unusedMask) != 0) {
                throw new IllegalArgumentException("non-canonical base64url (unused bits set)");
            }
        }
        return Base64.getUrlDecoder().decode(s.substring(from, to));
    }

    /** Decodes a whole string strictly. */
    public static byte[] decode(String s) {
        return decode(s, 0, s.length());
    }

    /** Encodes without padding. */
    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }
}
