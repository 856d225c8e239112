package dev.zt.bench;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.zt.token.TokenVerifier;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cold verification (first sight of a token: no cache) of the same token by zt, the bare JDK signature check on the
 * same bytes (the physical limit), jjwt used directly, nimbus-jose-jwt, jose4j and smallrye-jwt (the verifier behind
 * MicroProfile JWT). Each verifies signature and the time claims; zt additionally does everything its hardening
 * requires. {@code ztBouncyCastle} is zt with the opt-in {@code zt.crypto.provider=BC}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ColdVerificationBenchmark extends AverageTimeBenchmark {

    @Param({"RS256", "PS256", "ES256", "EdDSA", "HS256"})
    public String alg;

    private String token;
    private byte[] signingInput;
    private byte[] signature;
    private Fixtures.Keys keys;
    private TokenVerifier zt;
    private TokenVerifier ztBouncyCastle;
    private JwtParser jjwt;
    private JWSVerifier nimbus;
    private JwtConsumer jose4j;
    private DefaultJWTParser smallrye;

    @Setup
    public void setup() throws Exception {
        keys = Fixtures.keys(alg);
        token = Fixtures.token(keys, 1);
        int dot = token.lastIndexOf('.');
        signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        zt = Fixtures.zt(keys, 0);
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
        ztBouncyCastle = alg.startsWith("HS") ? zt : Fixtures.zt(keys, 0, java.util.Map.of("zt.crypto.provider", "BC",
                "zt.crypto.provider-algorithms", alg));
        ztBouncyCastle.verify(token); // Bouncy Castle accepts the JDK's key objects
        jjwt = keys.verifying() instanceof SecretKey ? Jwts.parser().verifyWith((SecretKey) keys.verifying())
                .requireIssuer(Fixtures.ISSUER).requireAudience(Fixtures.AUDIENCE).build()
                : Jwts.parser().verifyWith((PublicKey) keys.verifying()).requireIssuer(Fixtures.ISSUER)
                        .requireAudience(Fixtures.AUDIENCE).build();
        nimbus = nimbusVerifier(keys);
        jose4j = new JwtConsumerBuilder().setRequireExpirationTime().setExpectedIssuer(Fixtures.ISSUER)
                .setExpectedAudience(Fixtures.AUDIENCE).setVerificationKey(keys.verifying())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg).build();
        JWTAuthContextInfo info = keys.verifying() instanceof SecretKey
                ? new JWTAuthContextInfo((SecretKey) keys.verifying(), Fixtures.ISSUER)
                : new JWTAuthContextInfo((PublicKey) keys.verifying(), Fixtures.ISSUER);
        info.setExpectedAudience(Set.of(Fixtures.AUDIENCE));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.fromAlgorithm(alg)));
        smallrye = new DefaultJWTParser(info);
        smallrye.parse(token);
    }

    private static JWSVerifier nimbusVerifier(Fixtures.Keys k) throws Exception {
        if (k.verifying() instanceof RSAPublicKey) {
            return new RSASSAVerifier((RSAPublicKey) k.verifying());
        }
        if (k.verifying() instanceof ECPublicKey) {
            return new ECDSAVerifier((ECPublicKey) k.verifying());
        }
        if (k.verifying() instanceof EdECPublicKey) {
            byte[] spki = k.verifying().getEncoded();
            byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return new Ed25519Verifier(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build());
        }
        return new MACVerifier((SecretKey) k.verifying());
    }

    @Benchmark
    public Object zt() {
        return zt.verify(token);
    }

    /** zt with {@code zt.crypto.provider=BC} for this algorithm (HS256: the default provider, as zt allows). */
    @Benchmark
    public Object ztBouncyCastle() {
        return ztBouncyCastle.verify(token);
    }

    @Benchmark
    public boolean jdk() throws Exception {
        if (keys.verifying() instanceof SecretKey) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.verifying());
            return java.security.MessageDigest.isEqual(mac.doFinal(signingInput), signature);
        }
        Signature s = Fixtures.signature(alg);
        s.initVerify((PublicKey) keys.verifying());
        s.update(signingInput);
        return s.verify(signature);
    }

    @Benchmark
    public Object jjwt() {
        return jjwt.parseSignedClaims(token);
    }

    @Benchmark
    public boolean nimbus() throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        boolean ok = jwt.verify(nimbus);
        return ok && jwt.getJWTClaimsSet().getExpirationTime() != null;
    }

    @Benchmark
    public Object smallrye() throws Exception {
        return smallrye.parse(token);
    }

    @Benchmark
    public Object jose4j() throws Exception {
        return jose4j.processToClaims(token);
    }
}
