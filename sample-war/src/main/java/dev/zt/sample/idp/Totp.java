package dev.zt.sample.idp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), for the demo's MFA step. */
public final class Totp {

    private Totp() {
    }

    /** The code for a base32 secret at an instant. */
    public static String code(String base32Secret, Instant at) {
        return code(base32(base32Secret), at.getEpochSecond() / 30);
    }

    /** True when the code matches the current, previous or next step (clock drift of ±30 s). */
    public static boolean verify(String base32Secret, String code, Instant now) {
        return matchingStep(base32Secret, code, now) >= 0;
    }

    /**
     * The time step (current, previous or next: clock drift of ±30 s) whose code this is, or -1. Every step is compared
     * (no early exit), so the time taken does not tell which one matched.
     */
    public static long matchingStep(String base32Secret, String code, Instant now) {
        if (code == null || !code.matches("\\d{6}")) {
            return -1;
        }
        byte[] key = base32(base32Secret);
        long step = now.getEpochSecond() / 30;
        long matched = -1;
        for (long s = step - 1; s <= step + 1; s++) {
            if (MessageDigest.isEqual(code(key, s).getBytes(), code.getBytes())) {
                matched = s;
            }
        }
        return matched;
    }

    private static String code(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[h.length - 1] & 0x0f;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String t = s.replace("=", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(t.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : t.toCharArray()) {
            int v = alphabet.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
