package dev.zt.bench;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.Confirmation;
import dev.zt.token.PossessionProof;
import dev.zt.token.VerifiedToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What sender-constrained tokens cost per request beyond the token itself: the proof-of-possession check of a bearer
 * token (nothing to prove: the baseline), and of a DPoP-bound token with its proof ({@code alg} of the proof: the
 * extra signature check RFC 9449 asks for). The replay cache answers "first use" without remembering, so that one
 * proof can be checked again and again: with zt's in-memory cache add a map insert, with Redis one round trip.
 */
public class DpopBenchmark extends AverageTimeBenchmark {

    @Param({"ES256", "EdDSA", "RS256"})
    public String alg;

    /** {@code jdk}: the JDK's provider; {@code bc}: Bouncy Castle through {@code zt.crypto.provider}. */
    @Param({"jdk", "bc"})
    public String provider;

    private ZeroTrust zt;
    private VerifiedToken bearer;
    private String bearerToken;
    private VerifiedToken bound;
    private String boundToken;
    private PossessionProof none;
    private PossessionProof proof;

    @Setup
    public void setup() throws Exception {
        Fixtures.Keys issuer = Fixtures.keys("RS256");
        Map<String, String> settings = new java.util.HashMap<>(Map.of("zt.issuer", Fixtures.ISSUER, "zt.audience",
                Fixtures.AUDIENCE, "zt.algorithms", "RS256", "zt.dpop.max-age", "10m"));
        if (provider.equals("bc")) {
            settings.put("zt.crypto.provider", "org.bouncycastle.jce.provider.BouncyCastleProvider");
        }
        zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).keySource("default", StaticKeySource.of(
                KeySet.of(List.of(VerificationKey.of("k1", null, issuer.verifying()))), "bench"))
                .replayCache((key, until) -> true).build();
        Fixtures.Keys client = Fixtures.keys(alg);
        Map<String, String> jwk = jwk(client);
        String jkt = b64(MessageDigest.getInstance("SHA-256").digest(thumbprintInput(jwk).getBytes(
                StandardCharsets.UTF_8)));
        bearerToken = Fixtures.token(issuer, 1);
        bearer = zt.verifier().verify(bearerToken);
        boundToken = boundToken(issuer, jkt);
        bound = zt.verifier().verify(boundToken);
        String url = "https://api.example.test/orders/42";
        none = PossessionProof.builder().method("GET").urls(List.of(url)).build();
        long now = Instant.now().getEpochSecond();
        StringBuilder h = new StringBuilder("{\"typ\":\"dpop+jwt\",\"alg\":\"").append(alg).append("\",\"jwk\":{");
        jwk.forEach((k, v) -> h.append('"').append(k).append("\":\"").append(v).append("\","));
        h.setLength(h.length() - 1);
        h.append("}}");
        String claims = "{\"jti\":\"bench-1\",\"htm\":\"GET\",\"htu\":\"" + url + "\",\"iat\":" + now + ",\"ath\":\""
                + b64(MessageDigest.getInstance("SHA-256").digest(boundToken.getBytes(StandardCharsets.US_ASCII)))
                + "\"}";
        String input = b64(h.toString().getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(
                StandardCharsets.UTF_8));
        String compact = input + "." + b64(Fixtures.sign(client, input.getBytes(StandardCharsets.US_ASCII)));
        proof = PossessionProof.builder().dpopScheme(true).dpopProofs(List.of(compact)).method("GET")
                .urls(List.of(url)).build();
        if (zt.senderConstraints().check(bound, boundToken, proof).proofKey().isEmpty()) {
            throw new IllegalStateException("the benchmark's proof does not verify");
        }
    }

    @TearDown
    public void close() {
        zt.close();
    }

    /** A bearer token: nothing to prove (what every request pays). */
    @Benchmark
    public Confirmation bearerToken() {
        return zt.senderConstraints().check(bearer, bearerToken, none);
    }

    /** A DPoP-bound token with its proof: header and claims, thumbprint, {@code ath}, the proof's signature. */
    @Benchmark
    public Confirmation dpopProof() {
        return zt.senderConstraints().check(bound, boundToken, proof);
    }

    private static String boundToken(Fixtures.Keys issuer, String jkt) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + Fixtures.ISSUER + "\",\"sub\":\"user-1\",\"aud\":\"" + Fixtures.AUDIENCE
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 86_400) + ",\"cnf\":{\"jkt\":\"" + jkt + "\"}}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(
                StandardCharsets.UTF_8));
        return input + "." + b64(Fixtures.sign(issuer, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The public JWK members of a key, in RFC 7638 order. */
    private static Map<String, String> jwk(Fixtures.Keys k) {
        if (k.verifying() instanceof RSAPublicKey) {
            RSAPublicKey r = (RSAPublicKey) k.verifying();
            return new java.util.LinkedHashMap<>(Map.of("e", b64(unsigned(r.getPublicExponent())), "kty", "RSA",
                    "n", b64(unsigned(r.getModulus()))));
        }
        if (k.verifying() instanceof ECPublicKey) {
            ECPublicKey e = (ECPublicKey) k.verifying();
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("crv", "P-256");
            m.put("kty", "EC");
            m.put("x", b64(fixed(e.getW().getAffineX())));
            m.put("y", b64(fixed(e.getW().getAffineY())));
            return m;
        }
        byte[] spki = k.verifying().getEncoded();
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("crv", "Ed25519");
        m.put("kty", "OKP");
        m.put("x", b64(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        return m;
    }

    private static String thumbprintInput(Map<String, String> jwk) {
        StringBuilder sb = new StringBuilder("{");
        new java.util.TreeMap<>(jwk).forEach((k, v) -> sb.append('"').append(k).append("\":\"").append(v).append("\","));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = unsigned(v);
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
