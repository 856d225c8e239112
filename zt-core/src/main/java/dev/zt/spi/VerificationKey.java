package dev.zt.spi;

import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * One key an issuer signs with, as a {@link KeySource} supplies it: the JDK key, its {@code kid} and, when the key
 * set pinned one, its JWA {@code alg} (RFC 7517 section 4.4).
 *
 * <p>Security: construction refuses keys no token may be verified with (RFC 7518 section 3.3 and 3.2): RSA moduli
 * under 2048 bits and HMAC secrets under 256 bits. A public key is never usable with an HMAC algorithm and a secret
 * key never with a signature algorithm: {@link #isSymmetric()} is fixed by the key's Java type, so an RSA public key
 * cannot be turned into an HMAC secret (the "HS256 with the public key" attack, RFC 8725 section 2.1).
 */
public final class VerificationKey {

    /** Smallest RSA modulus accepted, in bits (RFC 7518 section 3.3). */
    public static final int MIN_RSA_BITS = 2048;
    /** Smallest HMAC secret accepted, in bytes (RFC 7518 section 3.2, for HS256). */
    public static final int MIN_SECRET_BYTES = 32;

    private final String keyId;
    private final String algorithm;
    private final Key key;

    private VerificationKey(String keyId, String algorithm, Key key) {
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.key = key;
    }

    /**
     * Creates a verification key.
     *
     * @param keyId the {@code kid}, or {@code null} when the key has none
     * @param algorithm the JWK {@code alg} the key is restricted to, or {@code null}
     * @param key an RSA, EC or EdDSA public key, or an HMAC secret
     * @throws IllegalArgumentException for a weak key or an unsupported key type
     */
    public static VerificationKey of(String keyId, String algorithm, Key key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAPublicKey) {
            int bits = ((RSAPublicKey) key).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA key" + describe(keyId) + " has " + bits
                        + " bits; at least " + MIN_RSA_BITS + " are required (RFC 7518 section 3.3)");
            }
        } else if (key instanceof SecretKey) {
            byte[] encoded = key.getEncoded();
            int len = encoded == null ? 0 : encoded.length;
            if (len < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("HMAC secret" + describe(keyId) + " has " + (len * 8)
                        + " bits; at least " + (MIN_SECRET_BYTES * 8) + " are required (RFC 7518 section 3.2)");
            }
        } else if (!(key instanceof ECPublicKey) && !(key instanceof EdECPublicKey)) {
            throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + describe(keyId)
                    + ": zt verifies with RSA, EC and EdDSA public keys and HMAC secrets");
        }
        return new VerificationKey(keyId, algorithm, key);
    }

    private static String describe(String keyId) {
        return keyId == null ? "" : " (kid " + keyId + ")";
    }

    /** The {@code kid}, when the key has one. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The {@code kid} or {@code null}; for zt's hot path. */
    public String keyIdOrNull() {
        return keyId;
    }

    /** The JWA algorithm the key set restricts this key to, when it names one. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** The JDK key. */
    public Key key() {
        return key;
    }

    /** True for HMAC secrets, false for public keys. */
    public boolean isSymmetric() {
        return key instanceof SecretKey;
    }

    /** True for public keys. */
    public boolean isPublic() {
        return key instanceof PublicKey;
    }

    @Override
    public String toString() {
        return "VerificationKey[" + key.getAlgorithm() + describe(keyId)
                + (algorithm == null ? "" : ", alg " + algorithm) + "]";
    }
}
