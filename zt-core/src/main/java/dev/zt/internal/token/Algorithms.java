package dev.zt.internal.token;

import dev.zt.internal.jdk.EdDsaKeys;
import dev.zt.spi.keys.VerificationKey;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.VerifySecureDigestRequest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * The JWS algorithms zt verifies, which key fits which algorithm, and the signature check itself (delegated to
 * jjwt's JWA implementations, which also refuse out-of-range ECDSA signatures such as r = s = 0, CVE-2022-21449).
 */
public final class Algorithms {

    private static final Map<String, SecureDigestAlgorithm<?, ?>> BY_NAME = Map.ofEntries(
            Map.entry("HS256", Jwts.SIG.HS256), Map.entry("HS384", Jwts.SIG.HS384),
            Map.entry("HS512", Jwts.SIG.HS512), Map.entry("RS256", Jwts.SIG.RS256),
            Map.entry("RS384", Jwts.SIG.RS384), Map.entry("RS512", Jwts.SIG.RS512),
            Map.entry("PS256", Jwts.SIG.PS256), Map.entry("PS384", Jwts.SIG.PS384),
            Map.entry("PS512", Jwts.SIG.PS512), Map.entry("ES256", Jwts.SIG.ES256),
            Map.entry("ES384", Jwts.SIG.ES384), Map.entry("ES512", Jwts.SIG.ES512),
            Map.entry("EdDSA", Jwts.SIG.EdDSA));

    private Algorithms() {
    }

    /** True for an algorithm zt can verify (case-sensitive, RFC 7515 section 4.1.1). */
    public static boolean isSupported(String alg) {
        return BY_NAME.containsKey(alg);
    }

    /**
     * True when the key may verify tokens of this algorithm: the key's Java type and size fit (HMAC only with
     * secrets, never with a public key), and a key pinned to an algorithm by its JWK {@code alg} is used with that
     * algorithm only (RFC 7517 section 4.4, RFC 8725 section 3.1).
     */
    public static boolean fits(String alg, VerificationKey vk) {
        if (vk.algorithm().isPresent() && !vk.algorithm().get().equals(alg)) {
            return false;
        }
        Key key = vk.key();
        switch (alg) {
            case "HS256":
                return key instanceof SecretKey && keyBytes(key) >= 32;
            case "HS384":
                return key instanceof SecretKey && keyBytes(key) >= 48;
            case "HS512":
                return key instanceof SecretKey && keyBytes(key) >= 64;
            case "RS256":
            case "RS384":
            case "RS512":
            case "PS256":
            case "PS384":
            case "PS512":
                return key instanceof RSAPublicKey;
            case "ES256":
                return curveBits(key) == 256;
            case "ES384":
                return curveBits(key) == 384;
            case "ES512":
                return curveBits(key) == 521;
            case "EdDSA":
                return EdDsaKeys.isPublicKey(key);
            default:
                return false;
        }
    }

    private static int keyBytes(Key key) {
        byte[] encoded = key.getEncoded();
        return encoded == null ? 0 : encoded.length;
    }

    private static int curveBits(Key key) {
        if (key instanceof ECPublicKey) {
            return ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
        }
        return -1;
    }

    /**
     * The JCA {@code Signature} name a provider must offer to verify this algorithm ({@code Ed25519} for EdDSA, the
     * curve JWS issuers use; an Ed448 key with a provider lacking it fails closed as an invalid signature), or null
     * for an algorithm zt does not verify.
     */
    public static String jcaName(String alg) {
        switch (alg) {
            case "RS256":
                return "SHA256withRSA";
            case "RS384":
                return "SHA384withRSA";
            case "RS512":
                return "SHA512withRSA";
            case "PS256":
            case "PS384":
            case "PS512":
                return "RSASSA-PSS";
            case "ES256":
                return "SHA256withECDSA";
            case "ES384":
                return "SHA384withECDSA";
            case "ES512":
                return "SHA512withECDSA";
            case "EdDSA":
                return "Ed25519";
            default:
                return null;
        }
    }

    /**
     * Verifies a JWS signature over the signing input (RFC 7515 section 5.2 step 8) with the JDK's providers. The
     * caller has checked {@link #fits}. Returns false for any signature that does not verify, including malformed
     * ones.
     */
    public static boolean verify(String alg, Key key, byte[] signingInput, byte[] signature) {
        return verify(alg, key, signingInput, signature, null);
    }

    /**
     * Verifies as {@link #verify(String, Key, byte[], byte[])} does, with the signature implementation of
     * {@code provider} when it is not null ({@code zt.crypto.provider}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean verify(String alg, Key key, byte[] signingInput, byte[] signature, Provider provider) {
        SecureDigestAlgorithm algorithm = BY_NAME.get(alg);
        if (algorithm == null || signature.length == 0) {
            return false;
        }
        if (EdDsaKeys.isPublicKey(key) && signature.length != EdDsaKeys.signatureLength(key)) {
            // RFC 8032 section 5.1.7 / 5.2.7: exactly 64 (Ed25519) or 114 (Ed448) bytes. The JDK 17 provider accepts
            // an Ed25519 signature with bytes appended (Wycheproof ed25519 tcId 37): a malleable token, refused here.
            return false;
        }
        try {
            return algorithm.verify(new Request<>(key, signingInput, signature, provider));
        } catch (RuntimeException e) {
            // jjwt signals malformed signatures and key problems with exceptions: not a valid signature either way
            return false;
        }
    }

    /** jjwt's verification request; its API has no public builder for it. */
    private static final class Request<K extends Key> implements VerifySecureDigestRequest<K> {
        private final K key;
        private final byte[] payload;
        private final byte[] digest;
        private final Provider provider;

        Request(K key, byte[] payload, byte[] digest, Provider provider) {
            this.key = key;
            this.payload = payload;
            this.digest = digest;
            this.provider = provider;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public InputStream getPayload() {
            return new ByteArrayInputStream(payload);
        }

        @Override
        public byte[] getDigest() {
            return digest;
        }

        @Override
        public Provider getProvider() {
            return provider;
        }

        @Override
        public SecureRandom getSecureRandom() {
            return null;
        }
    }
}
