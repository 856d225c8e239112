package dev.zt.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs JWS signing inputs with the JDK (no JWT library), so tests can craft any header or payload bytes. */
public final class Signer {
    private Signer() {
    }

    public static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Compact JWS of raw header and payload JSON texts. */
    public static String compact(String headerJson, String payloadJson, String alg, Key key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(sign(alg, key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    public static byte[] sign(String alg, Key key, byte[] input) {
        try {
            switch (alg) {
                case "HS256":
                case "HS384":
                case "HS512": {
                    String name = "HmacSHA" + alg.substring(2);
                    Mac mac = Mac.getInstance(name);
                    mac.init(new SecretKeySpec(key.getEncoded(), name));
                    return mac.doFinal(input);
                }
                case "RS256":
                case "RS384":
                case "RS512":
                    return sig("SHA" + alg.substring(2) + "withRSA", key, input, null);
                case "PS256":
                case "PS384":
                case "PS512": {
                    int bits = Integer.parseInt(alg.substring(2));
                    String hash = "SHA-" + bits;
                    return sig("RSASSA-PSS", key, input, new PSSParameterSpec(hash, "MGF1",
                            new MGF1ParameterSpec(hash), bits / 8, 1));
                }
                case "ES256":
                case "ES384":
                case "ES512":
                    return sig("SHA" + alg.substring(2) + "withECDSAinP1363Format", key, input, null);
                case "EdDSA":
                    return sig("Ed25519", key, input, null);
                default:
                    throw new IllegalArgumentException(alg);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sig(String name, Key key, byte[] input, PSSParameterSpec pss)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(name);
        if (pss != null) {
            s.setParameter(pss);
        }
        s.initSign((PrivateKey) key);
        s.update(input);
        return s.sign();
    }
}
