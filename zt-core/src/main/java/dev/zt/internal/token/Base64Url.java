package dev.zt.internal.token;

import java.util.Arrays;
import java.util.Base64;

/**
 * Strict, canonical base64url (RFC 7515 section 2 and appendix C): the URL-safe alphabet only, no padding, no
 * whitespace, and no set bits in the unused low bits of the last character, so that every byte string has exactly
 * one encoding and a token cannot be altered without changing its signing input.
 */
public final class Base64Url {

    private static final String CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Each ASCII character's 6-bit value, or -1 outside the alphabet. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < CHARACTERS.length(); i++) {
            VALUES[CHARACTERS.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {
    }

    /** True when every character of {@code s[from, to)} is in the base64url alphabet. */
    public static boolean isAlphabet(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || VALUES[c] < 0) {
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
            int last = VALUES[s.charAt(to - 1)]; // in the alphabet: checked above
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
}
