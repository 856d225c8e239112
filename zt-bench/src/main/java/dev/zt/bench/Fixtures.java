package dev.zt.bench;

import dev.zt.internal.token.TokenVerifiers;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.TokenVerifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Keys, tokens and verifiers shared by the benchmarks. */
public final class Fixtures {

    public static final String ISSUER = "https://idp.example.test/realms/bench";
    public static final String AUDIENCE = "bench-api";

    private Fixtures() {
    }

    /** A key pair (or secret) for a JWS algorithm (a tool: records are fine here, unlike in the library). */
    public record Keys(String alg, Key signing, Key verifying) {
    }

    /** Generates keys for {@code RS256 PS256 ES256 EdDSA HS256}. */
    public static Keys keys(String alg) {
        try {
            switch (alg) {
                case "RS256":
                case "PS256": {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    KeyPair p = g.generateKeyPair();
                    return new Keys(alg, p.getPrivate(), p.getPublic());
                }
                case "ES256": {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    KeyPair p = g.generateKeyPair();
                    return new Keys(alg, p.getPrivate(), p.getPublic());
                }
                case "EdDSA": {
                    KeyPair p = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                    return new Keys(alg, p.getPrivate(), p.getPublic());
                }
                case "HS256": {
                    byte[] k = new byte[32];
                    new java.security.SecureRandom().nextBytes(k);
                    SecretKey s = new SecretKeySpec(k, "HmacSHA256");
                    return new Keys(alg, s, s);
                }
                default:
                    throw new IllegalArgumentException(alg);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A typical access token (about 600 characters) with a unique {@code jti}. */
    public static String token(Keys k, int n) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"" + k.alg() + "\",\"kid\":\"k1\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-" + n + "\",\"aud\":\"" + AUDIENCE
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 86_400) + ",\"jti\":\"j-" + n + "\",\"scope\":"
                + "\"orders:read orders:write profile email\",\"roles\":[\"user\",\"auditor\"],\"email\":\"user-" + n
                + "@example.test\",\"acr\":\"mfa\",\"auth_time\":" + now + ",\"sid\":\"s-" + n + "\"}";
        String input = b64(header) + "." + b64(claims);
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(k,
                input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The JDK signature (or MAC) over the signing input, in JWS format. */
    public static byte[] sign(Keys k, byte[] input) {
        try {
            if (k.alg().equals("HS256")) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(k.signing());
                return mac.doFinal(input);
            }
            Signature s = signature(k.alg());
            s.initSign((PrivateKey) k.signing());
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK engine for an algorithm, in JWS encoding (P1363 for ECDSA). */
    public static Signature signature(String alg) throws GeneralSecurityException {
        switch (alg) {
            case "RS256":
                return Signature.getInstance("SHA256withRSA");
            case "PS256": {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return s;
            }
            case "ES256":
                return Signature.getInstance("SHA256withECDSAinP1363Format");
            case "EdDSA":
                return Signature.getInstance("Ed25519");
            default:
                throw new IllegalArgumentException(alg);
        }
    }

    /** zt's verifier for the keys; {@code cacheEntries} 0 makes every call a cold verification. */
    public static TokenVerifier zt(Keys k, int cacheEntries) {
        return zt(k, cacheEntries, Map.of());
    }

    /** zt's verifier for the keys with further settings (e.g. {@code zt.crypto.provider}). */
    public static TokenVerifier zt(Keys k, int cacheEntries, Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("zt.issuer", ISSUER, "zt.audience", AUDIENCE,
                "zt.algorithms", k.alg(), "zt.cache.max-entries", Integer.toString(cacheEntries)));
        settings.putAll(more);
        ZtConfig config = ZtConfig.fromMap(settings);
        return TokenVerifiers.builder(config).keySource("default", StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("k1", null, k.verifying()))), "bench")).build();
    }
}
