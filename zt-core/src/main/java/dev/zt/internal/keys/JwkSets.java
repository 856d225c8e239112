package dev.zt.internal.keys;

import dev.zt.internal.json.JsonException;
import dev.zt.internal.json.StrictJson;
import dev.zt.spi.keys.VerificationKey;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;

import java.lang.System.Logger.Level;
import java.security.Key;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Reads a JWK Set (RFC 7517 section 5) into verification keys. The JSON is parsed strictly; each key is built by
 * jjwt's JWK support. Keys that must not verify signatures are skipped with a warning naming the {@code kid}: keys
 * for encryption ({@code use} other than {@code sig}, or {@code key_ops} without {@code verify}), weak or unsupported
 * keys, secret keys from a remote set, and keys with private parts from a remote set. A set mixing secret and
 * public keys is refused whole.
 */
public final class JwkSets {

    private static final System.Logger LOG = System.getLogger("dev.zt.keys");

    private JwkSets() {
    }

    /**
     * Parses a JWK Set document.
     *
     * @param json the document
     * @param local true for sets read from a local file or the class path, which may hold {@code oct} keys
     * @param origin where the set came from, for log messages
     * @throws IllegalArgumentException when the document is not a JWK Set
     */
    public static List<VerificationKey> parse(String json, boolean local, String origin) {
        Map<String, Object> doc;
        try {
            doc = StrictJson.parseObject(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("JWK Set from " + origin + " is not valid JSON: " + e.getMessage());
        }
        Object keys = doc.get("keys");
        if (!(keys instanceof List)) {
            throw new IllegalArgumentException("JWK Set from " + origin + " has no \"keys\" array");
        }
        List<VerificationKey> out = new ArrayList<>();
        for (Object o : (List<?>) keys) {
            if (!(o instanceof Map)) {
                LOG.log(Level.WARNING, "JWK Set from {0}: skipped an entry that is not an object", origin);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) o;
            try {
                out.add(toKey(jwk, local));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "JWK Set from {0}: skipped key {1}: {2}", origin, describe(jwk),
                        e.getMessage());
            }
        }
        boolean secret = out.stream().anyMatch(VerificationKey::isSymmetric);
        boolean asymmetric = out.stream().anyMatch(k -> !k.isSymmetric());
        if (secret && asymmetric) {
            throw new IllegalArgumentException("JWK Set from " + origin + " mixes secret and public keys; an issuer"
                    + " signs either with HMAC secrets or with private keys, and mixing invites algorithm confusion");
        }
        return out;
    }

    /**
     * Converts one JWK to a verification key.
     *
     * @throws IllegalArgumentException when the key must not or cannot verify signatures
     */
    public static VerificationKey toKey(Map<String, Object> jwk, boolean local) {
        Object use = jwk.get("use");
        if (use != null && !"sig".equals(use)) {
            throw new IllegalArgumentException("use is not \"sig\"");
        }
        Object ops = jwk.get("key_ops");
        if (ops != null && !(ops instanceof List && ((List<?>) ops).contains("verify"))) {
            throw new IllegalArgumentException("key_ops does not allow \"verify\"");
        }
        Object kty = jwk.get("kty");
        if ("oct".equals(kty) && !local) {
            throw new IllegalArgumentException("secret (oct) keys are never taken from a remote JWK Set");
        }
        if (!local && (jwk.containsKey("d") || jwk.containsKey("p"))) {
            throw new IllegalArgumentException("a remote JWK Set must not publish private key material");
        }
        Object kid = jwk.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new IllegalArgumentException("kid is not a string");
        }
        Object alg = jwk.get("alg");
        if (alg != null && !(alg instanceof String)) {
            throw new IllegalArgumentException("alg is not a string");
        }
        Jwk<?> parsed;
        try {
            parsed = Jwks.builder().add(jwk).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usable JWK (" + e.getClass().getSimpleName() + ")");
        }
        Key key = parsed instanceof PrivateJwk ? ((PrivateJwk<?, ?, ?>) parsed).toPublicJwk().toKey() : parsed.toKey();
        if (key instanceof PrivateKey) {
            throw new IllegalArgumentException("private key without a public part");
        }
        if (key instanceof SecretKey && !local) {
            throw new IllegalArgumentException("secret keys are never taken from a remote JWK Set");
        }
        return VerificationKey.of((String) kid, (String) alg, key);
    }

    private static String describe(Map<String, Object> jwk) {
        Object kid = jwk.get("kid");
        if (kid instanceof String && ((String) kid).length() <= 100) {
            return "kid '" + kid + "'";
        }
        return "(no kid)";
    }
}
