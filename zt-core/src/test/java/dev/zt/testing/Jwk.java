package dev.zt.testing;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes public keys as JWKs and JWK Sets. */
public final class Jwk {
    private Jwk() {
    }

    public static Map<String, Object> of(String kid, PublicKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey r = (RSAPublicKey) key;
            m.put("kty", "RSA");
            m.put("n", Signer.b64(unsigned(r.getModulus())));
            m.put("e", Signer.b64(unsigned(r.getPublicExponent())));
        } else if (key instanceof ECPublicKey) {
            ECPublicKey e = (ECPublicKey) key;
            int size = (e.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            m.put("kty", "EC");
            m.put("crv", size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521");
            m.put("x", Signer.b64(fixed(e.getW().getAffineX(), size)));
            m.put("y", Signer.b64(fixed(e.getW().getAffineY(), size)));
        } else if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
            byte[] spki = key.getEncoded(); // the raw 32-byte key ends the X.509 encoding
            m.put("kty", "OKP");
            m.put("crv", "Ed25519");
            m.put("x", Signer.b64(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        } else {
            throw new IllegalArgumentException(key.getAlgorithm());
        }
        if (kid != null) {
            m.put("kid", kid);
        }
        m.put("use", "sig");
        return m;
    }

    @SafeVarargs
    public static String set(Map<String, Object>... keys) {
        return Json.write(Map.of("keys", List.of(keys)));
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v, int size) {
        byte[] b = unsigned(v);
        byte[] out = new byte[size];
        System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }
}
