package dev.zt.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Real keys generated for tests. RSA generation is slow, so the common pairs are created once per JVM. */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final KeyPair RSA = rsa(2048);
    public static final KeyPair RSA_2 = rsa(2048);
    public static final KeyPair EC = ec("secp256r1");
    public static final KeyPair ED25519 = ed25519();
    public static final SecretKey HMAC = hmac(32);

    private TestKeys() {
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SecretKey hmac(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return new SecretKeySpec(b, "HmacSHA256");
    }
}
