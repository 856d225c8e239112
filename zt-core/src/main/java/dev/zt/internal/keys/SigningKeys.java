package dev.zt.internal.keys;

import dev.zt.internal.jdk.EdDsaKeys;
import dev.zt.internal.json.StrictJson;
import dev.zt.spi.keys.VerificationKey;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A private signing key (sessions, service tokens): loaded from a private JWK or PEM file, or generated. */
public final class SigningKeys {

    private static final Pattern PRIVATE_PEM = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final PrivateKey privateKey;
    private final VerificationKey publicKey;
    private final String algorithm;
    private final boolean generated;

    private SigningKeys(PrivateKey privateKey, PublicKey publicKey, String kid, boolean generated) {
        this.privateKey = privateKey;
        this.algorithm = algorithmFor(publicKey);
        this.publicKey = VerificationKey.of(kid, algorithm, publicKey);
        this.generated = generated;
    }

    /** A fresh EC P-256 key pair; right for one node only, since other nodes cannot verify its tokens. */
    public static SigningKeys generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            return new SigningKeys(pair.getPrivate(), pair.getPublic(), "zt-session-generated", true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a session key", e);
        }
    }

    /**
     * Loads a private key from {@code file:path} or {@code classpath:resource}: a private JWK (JSON) or a PKCS#8 PEM
     * ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @throws IllegalArgumentException naming the location when the key cannot be used
     */
    public static SigningKeys load(String location, ClassLoader loader) {
        String text;
        try {
            text = dev.zt.internal.config.Locations.read(location, loader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read (" + e.getMessage() + ")");
        }
        PrivateKey priv;
        String kid = null;
        if (text.trim().startsWith("{")) {
            Map<String, Object> map = StrictJson.parseObject(text);
            if ("OKP".equals(map.get("kty")) && !EdDsaKeys.available()) {
                throw new IllegalArgumentException("an OKP (Ed25519) key: " + EdDsaKeys.unavailable());
            }
            Jwk<?> jwk = Jwks.builder().add(map).build();
            if (!(jwk instanceof PrivateJwk)) {
                throw new IllegalArgumentException("the JWK has no private part (\"d\")");
            }
            priv = (PrivateKey) jwk.toKey();
            kid = jwk.getId();
        } else {
            Matcher m = PRIVATE_PEM.matcher(text);
            if (!m.find()) {
                throw new IllegalArgumentException("neither a JWK nor a PKCS#8 PEM private key");
            }
            priv = pkcs8(Base64.getMimeDecoder().decode(m.group(1)));
        }
        PrivateJwk<?, ?, ?> full = (PrivateJwk<?, ?, ?>) Jwks.builder().key(priv).build();
        PublicKey pub = (PublicKey) full.toPublicJwk().toKey();
        if (kid == null) {
            kid = full.toPublicJwk().thumbprint().toString();
        }
        return new SigningKeys(priv, pub, kid, false);
    }

    static PrivateKey pkcs8(byte[] der) {
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                continue;
            }
        }
        throw new IllegalArgumentException(EdDsaKeys.available() ? "not an EC, RSA or Ed25519 private key"
                : "not an EC or RSA private key (" + EdDsaKeys.unavailable() + ")");
    }

    private static String algorithmFor(PublicKey key) {
        if (key instanceof ECPublicKey) {
            int bits = ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
            return bits == 256 ? "ES256" : bits == 384 ? "ES384" : "ES512";
        }
        if (key instanceof RSAPublicKey) {
            return "RS256";
        }
        if (EdDsaKeys.isPublicKey(key)) {
            return "EdDSA";
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    /** The key that signs session tokens. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The key that verifies them. */
    public VerificationKey verificationKey() {
        return publicKey;
    }

    /** The JWS algorithm. */
    public String algorithm() {
        return algorithm;
    }

    /** True when generated at start-up. */
    public boolean generated() {
        return generated;
    }

    /**
     * A compact JWS of these claims signed with this key (its {@code kid} in the header when it has one), e.g. an
     * OAuth client assertion (RFC 7523).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public String sign(Map<String, ?> claims) {
        io.jsonwebtoken.JwtBuilder b = io.jsonwebtoken.Jwts.builder().json(dev.zt.internal.json.JwtJson.INSTANCE)
                .header().keyId(publicKey.keyIdOrNull()).and().claims(claims);
        io.jsonwebtoken.security.SecureDigestAlgorithm alg = (io.jsonwebtoken.security.SecureDigestAlgorithm)
                io.jsonwebtoken.Jwts.SIG.get().forKey(algorithm);
        return b.signWith(privateKey, alg).compact();
    }
}
