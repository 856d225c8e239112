package dev.zt.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DPoP proofs (RFC 9449 section 4.2) for tests, independently of zt's own code: {@code
 * DpopProof.of(keys, "ES256").htm("GET").htu(url).ath(token).iat(now).sign()}. Every header and claim can be replaced
 * or removed to build the broken proofs the tests need.
 */
public final class DpopProof {

    private final KeyPair keys;
    private final String alg;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private DpopProof(KeyPair keys, String alg) {
        this.keys = keys;
        this.alg = alg;
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(null, keys.getPublic()));
        jwk.remove("use");
        header.put("typ", "dpop+jwt");
        header.put("jwk", jwk);
        claims.put("jti", UUID.randomUUID().toString());
    }

    /** A proof signed with {@code keys} under {@code alg}, with a fresh jti. */
    public static DpopProof of(KeyPair keys, String alg) {
        return new DpopProof(keys, alg);
    }

    /** The RFC 7638 thumbprint of a public key, computed here from the RFC's rules (for cnf.jkt). */
    public static String thumbprint(java.security.PublicKey key) {
        Map<String, Object> jwk = Jwk.of(null, key);
        String json;
        switch ((String) jwk.get("kty")) {
            case "RSA":
                json = "{\"e\":\"" + jwk.get("e") + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.get("n") + "\"}";
                break;
            case "EC":
                json = "{\"crv\":\"" + jwk.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\""
                        + jwk.get("y") + "\"}";
                break;
            default:
                json = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + jwk.get("x") + "\"}";
        }
        return Signer.b64(sha256(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** base64url(SHA-256(token)), the ath of a token. */
    public static String hash(String accessToken) {
        return Signer.b64(sha256(accessToken.getBytes(StandardCharsets.US_ASCII)));
    }

    public DpopProof htm(String method) {
        return claim("htm", method);
    }

    public DpopProof htu(String url) {
        return claim("htu", url);
    }

    public DpopProof iat(Instant t) {
        return claim("iat", t.getEpochSecond());
    }

    public DpopProof jti(String jti) {
        return claim("jti", jti);
    }

    public DpopProof nonce(String nonce) {
        return claim("nonce", nonce);
    }

    /** The ath of {@code accessToken}. */
    public DpopProof ath(String accessToken) {
        return claim("ath", hash(accessToken));
    }

    public DpopProof claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    public DpopProof header(String name, Object value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    /** The jwk header member, to alter. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> jwk() {
        return (Map<String, Object>) header.get("jwk");
    }

    /** The compact proof. */
    public String sign() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        h.putAll(header);
        return Signer.compact(Json.write(h), Json.write(claims), alg, keys.getPrivate());
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
