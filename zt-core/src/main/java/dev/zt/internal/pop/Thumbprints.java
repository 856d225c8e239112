package dev.zt.internal.pop;

import dev.zt.internal.token.Base64Url;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * The SHA-256 thumbprints sender-constrained tokens name: of a public JWK (RFC 7638, DPoP's {@code cnf.jkt}), of a
 * client certificate (RFC 8705 section 3.1, {@code cnf.x5t#S256}), and of an access token (RFC 9449 section 4.2,
 * the proof's {@code ath}). Each is base64url without padding.
 */
public final class Thumbprints {

    /** The required members of each key type, in lexicographic order (RFC 7638 section 3.2, RFC 8037 section 2). */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "EC", List.of("crv", "kty", "x", "y"),
            "RSA", List.of("e", "kty", "n"),
            "OKP", List.of("crv", "kty", "x"));

    private Thumbprints() {
    }

    /**
     * The RFC 7638 SHA-256 thumbprint of a public JWK: its required members only, in lexicographic order, as JSON
     * without white space.
     *
     * @throws IllegalArgumentException for a key type other than EC, RSA and OKP, or a required member that is missing,
     *     not a string, or holds characters a canonical JWK never has (the thumbprint must not depend on escaping)
     */
    public static String jwk(Map<String, Object> jwk) {
        Object kty = jwk.get("kty");
        List<String> members = kty instanceof String ? REQUIRED.get(kty) : null;
        if (members == null) {
            throw new IllegalArgumentException("kty is not EC, RSA or OKP");
        }
        StringBuilder json = new StringBuilder(160).append('{');
        for (String m : members) {
            Object v = jwk.get(m);
            if (!(v instanceof String) || ((String) v).isEmpty() || !plain((String) v)) {
                throw new IllegalArgumentException("member " + m + " is missing or not a plain string");
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(m).append("\":\"").append((String) v).append('"');
        }
        return sha256(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code x5t#S256} of a certificate: SHA-256 over its DER encoding. */
    public static String certificate(byte[] der) {
        return sha256(der);
    }

    /** The {@code ath} of an access token: SHA-256 over its ASCII characters (RFC 9449 section 4.2). */
    public static String accessToken(String token) {
        return sha256(token.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256(byte[] bytes) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Printable ASCII without quote and backslash: what JWK member values (names, base64url) consist of. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
