package dev.zt.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.DpopProof;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestCertificates;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every check of RFC 9449 section 4.3 and of RFC 8705 section 3, with real keys and signatures (ES256, RS256 and EdDSA
 * proofs) against zt's engine: what is accepted, and the reason of each refusal.
 */
class SenderConstraintsTest {

    private static final String URL = "https://api.example.test/orders/42";
    private static final KeyPair CLIENT = TestKeys.EC;
    private static final KeyPair OTHER = TestKeys.ec("secp256r1");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Map<String, String> settings = new HashMap<>(Map.of(
            "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256"));
    private ZeroTrust zt;

    @AfterEach
    void close() {
        if (zt != null) {
            zt.close();
        }
    }

    private ZeroTrust engine() {
        if (zt == null) {
            zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                    .keySource("default", StaticKeySource.of(KeySet.of(List.of(
                            VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
        }
        return zt;
    }

    /** An access token bound to {@code key} (cnf.jkt), or a bearer token for null. */
    private String token(KeyPair key) {
        TestTokens t = TestTokens.valid(clock.instant()).kid("k1");
        if (key != null) {
            t.claim("cnf", Map.of("jkt", DpopProof.thumbprint(key.getPublic())));
        }
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    private DpopProof proof(KeyPair key, String alg, String token) {
        return DpopProof.of(key, alg).htm("GET").htu(URL).iat(clock.instant()).ath(token);
    }

    private static PossessionProof.Builder dpop(String... proofs) {
        return PossessionProof.builder().dpopScheme(true).dpopProofs(List.of(proofs)).method("GET").urls(List.of(URL));
    }

    private Confirmation check(String token, PossessionProof p) {
        VerifiedToken verified = engine().verifier().verify(token);
        return engine().senderConstraints().check(verified, token, p);
    }

    private RejectionReason refusal(String token, PossessionProof p) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> check(token, p));
        assertThat(e).as("refused").isNotNull();
        return e.reason();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "PS256", "EdDSA"})
    void aBoundTokenIsAcceptedWithAFreshProofOfItsKey(String alg) {
        KeyPair key = alg.equals("EdDSA") ? TestKeys.ED25519 : alg.startsWith("ES") ? CLIENT : TestKeys.RSA_2;
        String token = token(key);
        Confirmation c = check(token, dpop(proof(key, alg, token).sign()).build());
        assertThat(c.proofKey()).contains(DpopProof.thumbprint(key.getPublic()));
    }

    @Test
    void aProofIsAcceptedOnce() {
        String token = token(CLIENT);
        String p = proof(CLIENT, "ES256", token).sign();
        check(token, dpop(p).build());
        assertThat(refusal(token, dpop(p).build())).isEqualTo(RejectionReason.DPOP_REPLAYED);
        assertThat(check(token, dpop(proof(CLIENT, "ES256", token).sign()).build()).proofKey()).isPresent();
    }

    @Test
    void aProofForAnotherMethodOrUrlIsRefused() {
        String token = token(CLIENT);
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).htm("POST").sign()).build()))
                .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).htm("get").sign()).build()))
                .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        for (String other : List.of("https://api.example.test/orders/43", "https://evil.example.test/orders/42",
                "http://api.example.test/orders/42", "https://api.example.test:8443/orders/42",
                "https://api.example.test/orders/42/", "https://user@api.example.test/orders/42", "/orders/42",
                "https://api.example.test/orders/%34%32x")) {
            assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).htu(other).sign()).build())).as(other)
                    .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        }
    }

    @Test
    void theUrlIsComparedNormalisedWithoutQueryAndFragment() {
        String token = token(CLIENT);
        for (String same : List.of("HTTPS://API.Example.Test:443/orders/42", "https://api.example.test/orders/%34%32",
                "https://api.example.test/orders/42?page=2", "https://api.example.test/orders/42#top",
                "https://api.example.test/x/../orders/./42")) {
            assertThat(check(token, dpop(proof(CLIENT, "ES256", token).htu(same).sign()).build()).proofKey()).as(same)
                    .isPresent();
        }
    }

    @Test
    void theRequestMayBeAddressedAtAnyOfItsOrigins() {
        String token = token(CLIENT);
        PossessionProof p = dpop(proof(CLIENT, "ES256", token).htu("https://b.example.test/orders/42").sign())
                .urls(List.of(URL, "https://b.example.test/orders/42")).build();
        assertThat(check(token, p).proofKey()).isPresent();
    }

    @Test
    void aProofOutsideItsWindowIsRefused() {
        String token = token(CLIENT);
        DpopProof old = proof(CLIENT, "ES256", token).iat(clock.instant().minusSeconds(60 + 30 + 1));
        assertThat(refusal(token, dpop(old.sign()).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        DpopProof future = proof(CLIENT, "ES256", token).iat(clock.instant().plusSeconds(31));
        assertThat(refusal(token, dpop(future.sign()).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        DpopProof edge = proof(CLIENT, "ES256", token).iat(clock.instant().minusSeconds(60 + 30));
        assertThat(check(token, dpop(edge.sign()).build()).proofKey()).isPresent();
    }

    @Test
    void zeroTrustDpopMaxAgeShortensTheWindow() {
        settings.put("zt.dpop.max-age", "10s");
        String token = token(CLIENT);
        DpopProof old = proof(CLIENT, "ES256", token).iat(clock.instant().minusSeconds(10 + 30 + 1));
        assertThat(refusal(token, dpop(old.sign()).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
    }

    @Test
    void aProofMadeForAnotherTokenOrWithoutAthIsRefused() {
        String token = token(CLIENT);
        String another = token(CLIENT);
        clock.advance(Duration.ofSeconds(1));
        String third = token(CLIENT);
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", third).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_BINDING_MISMATCH);
        assertThat(refusal(another, dpop(proof(CLIENT, "ES256", another).claim("ath", null).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
    }

    @Test
    void aProofOfAnotherKeyIsRefused() {
        String token = token(CLIENT); // a stolen token replayed with the thief's own key
        assertThat(refusal(token, dpop(proof(OTHER, "ES256", token).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_BINDING_MISMATCH);
    }

    @Test
    void aBoundTokenWithoutItsProofIsRefused() {
        String token = token(CLIENT);
        assertThat(refusal(token, PossessionProof.builder().method("GET").urls(List.of(URL)).build()))
                .isEqualTo(RejectionReason.DPOP_REQUIRED);
        assertThat(refusal(token, PossessionProof.builder().fromCookie(true).method("GET").urls(List.of(URL)).build()))
                .isEqualTo(RejectionReason.DPOP_REQUIRED);
        assertThat(refusal(token, dpop().build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        String p = proof(CLIENT, "ES256", token).sign();
        assertThat(refusal(token, dpop(p, p).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
    }

    @Test
    void anUnboundTokenIsABearerTokenAndRefusedWithTheDpopScheme() {
        String token = token(null);
        assertThat(check(token, PossessionProof.builder().method("GET").urls(List.of(URL)).build()))
                .isEqualTo(Confirmation.none());
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_BINDING_MISMATCH);
    }

    @Test
    void malformedProofsAreRefused() {
        String token = token(CLIENT);
        List<String> broken = List.of(
                proof(CLIENT, "ES256", token).header("typ", "JWT").sign(),
                proof(CLIENT, "ES256", token).header("typ", null).sign(),
                proof(CLIENT, "ES256", token).header("jwk", null).sign(),
                proof(CLIENT, "ES256", token).header("jwk", "a string").sign(),
                proof(CLIENT, "ES256", token).header("crit", List.of("exp")).sign(),
                proof(CLIENT, "ES256", token).claim("jti", null).sign(),
                proof(CLIENT, "ES256", token).claim("jti", "x".repeat(257)).sign(),
                proof(CLIENT, "ES256", token).claim("htm", null).sign(),
                proof(CLIENT, "ES256", token).claim("htu", null).sign(),
                proof(CLIENT, "ES256", token).claim("iat", null).sign(),
                proof(CLIENT, "ES256", token).claim("iat", "1765015200").sign(),
                "not a jws", "a.b", "", "x".repeat(9000));
        for (String p : broken) {
            assertThat(refusal(token, dpop(p).build())).as(p.length() > 60 ? p.substring(0, 60) : p)
                    .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        }
    }

    @Test
    void aProofWithAPrivateKeyOrASymmetricOrUnsignedAlgorithmIsRefused() {
        String token = token(CLIENT);
        DpopProof withD = proof(CLIENT, "ES256", token);
        withD.jwk().put("d", "AAAA");
        assertThat(refusal(token, dpop(withD.sign()).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        String hs = DpopProof.of(CLIENT, "ES256").htm("GET").htu(URL).iat(clock.instant()).ath(token).sign();
        String[] parts = hs.split("\\.");
        String none = dev.zt.testing.Signer.b64("{\"alg\":\"none\",\"typ\":\"dpop+jwt\",\"jwk\":"
                + dev.zt.testing.Json.write(proof(CLIENT, "ES256", token).jwk()) + "}") + "." + parts[1] + ".";
        assertThat(refusal(token, dpop(none).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        String hmac = dev.zt.testing.Signer.compact("{\"alg\":\"HS256\",\"typ\":\"dpop+jwt\",\"jwk\":"
                + dev.zt.testing.Json.write(proof(CLIENT, "ES256", token).jwk()) + "}",
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8),
                "HS256", TestKeys.HMAC);
        assertThat(refusal(token, dpop(hmac).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
    }

    @Test
    void aProofWithATamperedClaimOrAnAlgorithmThatDoesNotFitItsKeyIsRefused() {
        String token = token(CLIENT);
        String p = proof(CLIENT, "ES256", token).sign();
        String[] parts = p.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"GET\"", "\"GET\" ");
        String tampered = parts[0] + "." + dev.zt.testing.Signer.b64(payload) + "." + parts[2];
        assertThat(refusal(token, dpop(tampered).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        String es384 = proof(CLIENT, "ES256", token).sign().replaceFirst("^[^.]+", dev.zt.testing.Signer.b64(
                "{\"alg\":\"ES384\",\"typ\":\"dpop+jwt\",\"jwk\":" + dev.zt.testing.Json.write(
                        proof(CLIENT, "ES256", token).jwk()) + "}"));
        assertThat(refusal(token, dpop(es384).build())).isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
    }

    @Test
    void anAlgorithmOutsideZeroTrustDpopAlgorithmsIsRefused() {
        settings.put("zt.dpop.algorithms", "ES256");
        String token = token(TestKeys.RSA_2);
        assertThat(refusal(token, dpop(proof(TestKeys.RSA_2, "RS256", token).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        assertThat(engine().senderConstraints().dpopAlgorithms()).containsExactly("ES256");
    }

    @Test
    void anIssuerThatRequiresDpopRefusesBearerTokens() {
        settings.put("zt.dpop", "required");
        String bearer = token(null);
        assertThat(refusal(bearer, PossessionProof.builder().method("GET").urls(List.of(URL)).build()))
                .isEqualTo(RejectionReason.DPOP_REQUIRED);
        assertThat(refusal(bearer, dpop(proof(CLIENT, "ES256", bearer).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_REQUIRED);
        String bound = token(CLIENT);
        assertThat(check(bound, dpop(proof(CLIENT, "ES256", bound).sign()).build()).proofKey()).isPresent();
        assertThat(engine().senderConstraints().bearerAccepted()).isTrue(); // zt's own session tokens
    }

    @Test
    void anIssuerWithDpopOffRefusesTheSchemeAndBoundTokens() {
        settings.put("zt.dpop", "off");
        String bound = token(CLIENT);
        assertThat(refusal(bound, dpop(proof(CLIENT, "ES256", bound).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_PROOF_INVALID);
        assertThat(refusal(bound, PossessionProof.builder().method("GET").urls(List.of(URL)).build()))
                .isEqualTo(RejectionReason.DPOP_BINDING_MISMATCH);
    }

    @Test
    void anIssuersOwnNotesBesideTheBindingAreIgnored() {
        String token = TestTokens.valid(clock.instant()).kid("k1").claim("cnf", Map.of("jkt",
                DpopProof.thumbprint(CLIENT.getPublic()), "kc-jkt-type", "DPoP")).sign("RS256",
                TestKeys.RSA.getPrivate()); // as Keycloak 26.7 issues them
        assertThat(check(token, dpop(proof(CLIENT, "ES256", token).sign()).build()).proofKey()).isPresent();
        assertThat(refusal(token, PossessionProof.builder().method("GET").urls(List.of(URL)).build()))
                .isEqualTo(RejectionReason.DPOP_REQUIRED);
    }

    @Test
    void aConfirmationZeroTrustCannotCheckIsNeverIgnored() {
        for (Object cnf : List.of(Map.of("jwk", Map.of("kty", "EC")), Map.of("jkt", 42), Map.of("kid", "k"),
                Map.of(), Map.of("x5t#S256", List.of("a")), Map.of("kc-jkt-type", "DPoP"),
                Map.of("x5t", "sha1-thumbprint"))) {
            String token = TestTokens.valid(clock.instant()).kid("k1").claim("cnf", cnf).sign("RS256",
                    TestKeys.RSA.getPrivate());
            assertThat(refusal(token, PossessionProof.builder().method("GET").urls(List.of(URL)).build())).as("" + cnf)
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
        }
    }

    @Test
    void serverNoncesAreRequiredValidOnEveryNodeAndRotate() {
        settings.put("zt.dpop.nonce", "required");
        settings.put("zt.dpop.nonce-lifetime", "1m");
        settings.put("zt.session.signing-key", "classpath:dev/zt/testing/session-key.pem");
        String token = token(CLIENT);
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_NONCE_REQUIRED);
        String nonce = engine().senderConstraints().nonce().orElseThrow();
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).nonce("x" + nonce).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_NONCE_REQUIRED);
        Confirmation c = check(token, dpop(proof(CLIENT, "ES256", token).nonce(nonce).sign()).build());
        assertThat(c.proofKey()).isPresent();
        assertThat(c.nextNonce()).isEmpty();
        try (ZeroTrust otherNode = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                .keySource("default", StaticKeySource.of(KeySet.of(List.of(
                        VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build()) {
            assertThat(otherNode.senderConstraints().nonce()).contains(nonce);
        }
        clock.advance(Duration.ofSeconds(61)); // the next step: the old nonce still counts, and a new one is offered
        String fresh = token(CLIENT);
        c = check(fresh, dpop(proof(CLIENT, "ES256", fresh).nonce(nonce).sign()).build());
        assertThat(c.nextNonce()).isPresent().get().isNotEqualTo(nonce);
        clock.advance(Duration.ofSeconds(60));
        String later = token(CLIENT);
        assertThat(refusal(later, dpop(proof(CLIENT, "ES256", later).nonce(nonce).sign()).build()))
                .isEqualTo(RejectionReason.DPOP_NONCE_REQUIRED);
    }

    @Test
    void aCertificateBoundTokenNeedsItsCertificate() {
        String token = TestTokens.valid(clock.instant()).kid("k1")
                .claim("cnf", Map.of("x5t#S256", TestCertificates.thumbprint(TestCertificates.A)))
                .sign("RS256", TestKeys.RSA.getPrivate());
        Confirmation c = check(token, withCertificate(TestCertificates.A));
        assertThat(c.certificate()).contains(TestCertificates.thumbprint(TestCertificates.A));
        assertThat(refusal(token, withCertificate(TestCertificates.B)))
                .isEqualTo(RejectionReason.CERTIFICATE_BINDING_MISMATCH);
        assertThat(refusal(token, withCertificate(null))).isEqualTo(RejectionReason.CERTIFICATE_BINDING_MISMATCH);
    }

    @Test
    void theCertificateOfABearerRequestIsReportedAsASignal() {
        assertThat(check(token(null), withCertificate(TestCertificates.B)).certificate())
                .contains(TestCertificates.thumbprint(TestCertificates.B));
    }

    @Test
    void aReplayCacheThatCannotAnswerRefusesTheProof() {
        zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                .keySource("default", StaticKeySource.of(KeySet.of(List.of(
                        VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test"))
                .replayCache((key, until) -> {
                    throw new IllegalStateException("down");
                }).build();
        String token = token(CLIENT);
        assertThat(refusal(token, dpop(proof(CLIENT, "ES256", token).sign()).build()))
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
    }

    private static PossessionProof withCertificate(X509Certificate c) {
        return PossessionProof.builder().method("GET").urls(List.of(URL)).clientCertificate(c).build();
    }
}
