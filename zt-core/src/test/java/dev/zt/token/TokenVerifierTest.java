package dev.zt.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.token.DefaultTokenVerifier;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.Json;
import dev.zt.testing.Signer;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

    private final VerifierFixture fx = new VerifierFixture();

    private static RejectionReason reasonOf(TokenVerifier v, String token) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> v.verify(token));
        assertThat(e).as("token must be rejected").isNotNull();
        if (!token.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(token);
        }
        if (token.indexOf('.') > 0 && token.indexOf('.') < token.length() - 1) {
            assertThat(e.getMessage()).doesNotContain(token.substring(token.indexOf('.') + 1));
        }
        return e.reason();
    }

    private String rs256(TestTokens t) {
        return t.kid("rsa-1").sign("RS256", TestKeys.RSA.getPrivate());
    }

    // ---- accepted tokens, every algorithm family, real signatures ----

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256"})
    void verifyWhenRsaSignedThenAccepted(String alg) {
        try (TokenVerifier v = fx.build()) {
            VerifiedToken t = v.verify(fx.token().kid("rsa-1").sign(alg, TestKeys.RSA.getPrivate()));
            assertThat(t.algorithm()).isEqualTo(alg);
            assertThat(t.subject()).contains("alice");
            assertThat(t.issuerName()).isEqualTo("main");
        }
    }

    @Test
    void verifyWhenEs256SignedThenAccepted() {
        try (TokenVerifier v = fx.build()) {
            assertThat(v.verify(fx.token().kid("ec-1").sign("ES256", TestKeys.EC.getPrivate())).keyId())
                    .contains("ec-1");
        }
    }

    @Test
    void verifyWhenEdDsaSignedThenAccepted() {
        try (TokenVerifier v = fx.build()) {
            assertThat(v.verify(fx.token().kid("ed-1").sign("EdDSA", TestKeys.ED25519.getPrivate())).algorithm())
                    .isEqualTo("EdDSA");
        }
    }

    @Test
    void verifyWhenEdDsaSignatureHasAByteAppendedThenSignatureInvalid() {
        String token = fx.token().kid("ed-1").sign("EdDSA", TestKeys.ED25519.getPrivate());
        int dot = token.lastIndexOf('.');
        byte[] sig = java.util.Base64.getUrlDecoder().decode(token.substring(dot + 1));
        String longer = token.substring(0, dot + 1) + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(sig, 65));
        try (TokenVerifier v = fx.build()) {
            // the JDK 17 Ed25519 provider alone accepts this (Wycheproof ed25519 tcId 37)
            assertThat(reasonOf(v, longer)).isEqualTo(RejectionReason.SIGNATURE_INVALID);
        }
    }

    @Test
    void verifyWhenHs256SignedWithConfiguredSecretThenAccepted() {
        try (TokenVerifier v = fx.build()) {
            VerifiedToken t = v.verify(fx.token().claim("iss", VerifierFixture.HMAC_ISSUER)
                    .sign("HS256", TestKeys.HMAC));
            assertThat(t.issuerName()).isEqualTo("hmac");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS384", "HS512"})
    void verifyWhenLongerHmacAlgorithmsWithLongEnoughSecretThenAccepted(String alg) {
        javax.crypto.SecretKey secret = TestKeys.hmac(64);
        fx.hmacKeys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of(null, null, secret))), "64 bytes");
        fx.with("zt.issuers.hmac.algorithms", "HS256,HS384,HS512");
        try (TokenVerifier v = fx.build()) {
            assertThat(v.verify(fx.token().claim("iss", VerifierFixture.HMAC_ISSUER).sign(alg, secret)).algorithm())
                    .isEqualTo(alg);
        }
    }

    @Test
    void verifyWhenSecretTooShortForAlgorithmThenNoKeyFits() {
        fx.with("zt.issuers.hmac.algorithms", "HS256,HS512");
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, fx.token().claim("iss", VerifierFixture.HMAC_ISSUER).sign("HS512", TestKeys.HMAC)))
                    .isEqualTo(RejectionReason.KEY_UNKNOWN);
        }
    }

    @Test
    void verifyWhenAllClaimsPresentThenTypedAccessorsExposeThem() {
        try (TokenVerifier v = fx.build()) {
            long now = fx.clock.instant().getEpochSecond();
            VerifiedToken t = v.verify(rs256(fx.token()
                    .claim("aud", List.of("other", TestTokens.AUDIENCE))
                    .claim("nbf", now - 10)
                    .claim("auth_time", now - 60)
                    .claim("acr", "mfa")
                    .claim("amr", List.of("pwd", "otp"))
                    .claim("sid", "s-1")
                    .claim("jti", "j-1")
                    .claim("cnf", Map.of("jkt", "abc"))
                    .claim("scope", "orders:read  orders:write")
                    .claim("realm_access", Map.of("roles", List.of("admin", "user")))
                    .claim("email", "alice@example.test")));
            assertThat(t.issuer()).isEqualTo(TestTokens.ISSUER);
            assertThat(t.audiences()).containsExactlyInAnyOrder("other", TestTokens.AUDIENCE);
            assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(now + 300));
            assertThat(t.issuedAt()).contains(Instant.ofEpochSecond(now));
            assertThat(t.notBefore()).contains(Instant.ofEpochSecond(now - 10));
            assertThat(t.authTime()).contains(Instant.ofEpochSecond(now - 60));
            assertThat(t.acr()).contains("mfa");
            assertThat(t.amr()).containsExactly("pwd", "otp");
            assertThat(t.sessionId()).contains("s-1");
            assertThat(t.tokenId()).contains("j-1");
            assertThat(t.confirmation()).contains(Map.of("jkt", "abc"));
            assertThat(t.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
            assertThat(t.roles()).containsExactlyInAnyOrder("admin", "user");
            assertThat(t.claim("email")).contains("alice@example.test");
            assertThatThrownBy(() -> t.claims().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> t.roles().add("root")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(t.toString()).doesNotContain("eyJ");
        }
    }

    @Test
    void verifyWhenScopeIsScpArrayThenScopesRead() {
        try (TokenVerifier v = fx.build()) {
            assertThat(v.verify(rs256(fx.token().claim("scp", List.of("a", "b")))).scopes())
                    .containsExactlyInAnyOrder("a", "b");
        }
    }

    // ---- length and syntax ----

    @Test
    void verifyWhenLongerThanMaxLengthThenRejectedBeforeParsing() {
        try (TokenVerifier v = fx.build()) {
            String junk = "a".repeat(8193);
            assertThat(reasonOf(v, junk)).isEqualTo(RejectionReason.TOKEN_TOO_LARGE);
            String padded = rs256(fx.token().claim("pad", "x".repeat(9000)));
            assertThat(reasonOf(v, padded)).isEqualTo(RejectionReason.TOKEN_TOO_LARGE);
        }
    }

    @Test
    void verifyWhenMaxLengthConfiguredThenItApplies() {
        try (TokenVerifier v = fx.with("zt.token.max-length", "300").build()) {
            assertThat(reasonOf(v, rs256(fx.token()))).isEqualTo(RejectionReason.TOKEN_TOO_LARGE);
        }
    }

    @Test
    void verifyWhenNotThreeSegmentsThenMalformed() {
        try (TokenVerifier v = fx.build()) {
            String good = rs256(fx.token());
            String[] p = good.split("\\.");
            assertThat(reasonOf(v, "")).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, p[0] + "." + p[1])).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, good + ".x.y")).isEqualTo(RejectionReason.TOKEN_MALFORMED); // JWE shape
            assertThat(reasonOf(v, "." + p[1] + "." + p[2])).isEqualTo(RejectionReason.TOKEN_MALFORMED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "=", "+", "/", "\n", "?", "\u00e9"})
    void verifyWhenSegmentHoldsForeignCharacterThenMalformed(String ch) {
        try (TokenVerifier v = fx.build()) {
            String[] p = rs256(fx.token()).split("\\.");
            assertThat(reasonOf(v, p[0] + ch + "." + p[1] + "." + p[2])).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, p[0] + "." + p[1] + ch + "." + p[2])).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, p[0] + "." + p[1] + "." + p[2] + ch)).isEqualTo(RejectionReason.TOKEN_MALFORMED);
        }
    }

    @Test
    void verifyWhenLastCharacterHasUnusedBitsSetThenMalformed() {
        try (TokenVerifier v = fx.build()) {
            // find a token whose payload length leaves unused bits, then flip the lowest bit of its last character
            String token = null;
            for (int i = 0; token == null; i++) {
                String t = rs256(fx.token().claim("n", "x".repeat(i)));
                String payload = t.split("\\.")[1];
                if (payload.length() % 4 == 2 || payload.length() % 4 == 3) {
                    token = t;
                }
            }
            String[] p = token.split("\\.");
            char last = p[1].charAt(p[1].length() - 1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            char altered = alphabet.charAt(alphabet.indexOf(last) | 1);
            String forged = p[0] + "." + p[1].substring(0, p[1].length() - 1) + altered + "." + p[2];
            assertThat(reasonOf(v, forged)).isEqualTo(RejectionReason.TOKEN_MALFORMED);
        }
    }

    @Test
    void verifyWhenHeaderOrPayloadIsNotJsonObjectThenMalformed() {
        try (TokenVerifier v = fx.build()) {
            PrivateKey k = TestKeys.RSA.getPrivate();
            String claims = fx.token().claimsJson();
            assertThat(reasonOf(v, Signer.compact("[\"RS256\"]", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "\"foo\"", "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "not json", "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
        }
    }

    @Test
    void verifyWhenJsonHasTrailingDataThenMalformed() {
        try (TokenVerifier v = fx.build()) {
            PrivateKey k = TestKeys.RSA.getPrivate();
            String claims = fx.token().claimsJson();
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims + "{}", "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"} x", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
        }
    }

    @Test
    void verifyWhenDuplicateClaimThenMalformedEvenThroughEscapes() {
        try (TokenVerifier v = fx.build()) {
            PrivateKey k = TestKeys.RSA.getPrivate();
            String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}";
            String claims = fx.token().claimsJson();
            String late = claims.substring(0, claims.length() - 1) + ",\"exp\":99999999999}";
            String escaped = claims.substring(0, claims.length() - 1) + ",\"\\u0065xp\":99999999999}";
            assertThat(reasonOf(v, Signer.compact(header, late, "RS256", k))).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, Signer.compact(header, escaped, "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            String dupHeader = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"alg\":\"none\"}";
            assertThat(reasonOf(v, Signer.compact(dupHeader, claims, "RS256", k)))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
        }
    }

    @Test
    void verifyWhenJsonNestedTooDeepThenMalformed() {
        try (TokenVerifier v = fx.build()) {
            String deep = "[".repeat(17) + "]".repeat(17);
            String ok = "[".repeat(10) + "]".repeat(10);
            assertThat(reasonOf(v, rs256(fx.token().claim("deep", Json.raw(deep)))))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(v.verify(rs256(fx.token().claim("deep", Json.raw(ok)))).claims()).containsKey("deep");
        }
    }

    // ---- algorithms ----

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void verifyWhenAlgNoneInAnyCaseThenRejected(String alg) {
        try (TokenVerifier v = fx.build()) {
            String unsecured = Signer.b64("{\"alg\":\"" + alg + "\"}") + "." + Signer.b64(fx.token().claimsJson())
                    + ".";
            assertThat(reasonOf(v, unsecured)).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
            String withSig = unsecured + Signer.b64(new byte[32]);
            assertThat(reasonOf(v, withSig)).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
    }

    @Test
    void verifyWhenAlgNotInIssuersAllowlistThenRejected() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, fx.token().kid("rsa-1").sign("RS384", TestKeys.RSA.getPrivate())))
                    .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
            assertThat(reasonOf(v, fx.token().kid("rsa-1").sign("HS256", TestKeys.HMAC)))
                    .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
            assertThat(reasonOf(v, fx.token().claim("iss", VerifierFixture.HMAC_ISSUER)
                    .kid("rsa-1").sign("RS256", TestKeys.RSA.getPrivate())))
                    .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
    }

    @Test
    void verifyWhenHs256SignedWithRsaPublicKeyThenRejected() {
        fx.with("zt.issuers.main.algorithms", "RS256,HS256");
        try (TokenVerifier v = fx.build()) {
            byte[] publicDer = TestKeys.RSA.getPublic().getEncoded();
            SecretKeySpec confused = new SecretKeySpec(publicDer, "HmacSHA256");
            assertThat(reasonOf(v, fx.token().kid("rsa-1").sign("HS256", confused)))
                    .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
            // without kid the RSA key is not a candidate for HS256 at all
            assertThat(reasonOf(v, fx.token().sign("HS256", confused))).isEqualTo(RejectionReason.KEY_UNKNOWN);
        }
    }

    @Test
    void verifyWhenKeyPinnedToOtherAlgThenRejected() {
        fx.keys = StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("rsa-1", "RS256", TestKeys.RSA.getPublic()))), "pinned");
        try (TokenVerifier v = fx.build()) {
            assertThat(v.verify(fx.token().kid("rsa-1").sign("RS256", TestKeys.RSA.getPrivate()))).isNotNull();
            assertThat(reasonOf(v, fx.token().kid("rsa-1").sign("PS256", TestKeys.RSA.getPrivate())))
                    .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
    }

    @Test
    void verifyWhenEcKeyUsedForRsaAlgThenRejected() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, fx.token().kid("ec-1").sign("RS256", TestKeys.RSA.getPrivate())))
                    .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
    }

    @Test
    void keyWhenRsaUnder2048BitsOrShortSecretThenRefused() {
        KeyPair weak = TestKeys.rsa(1024);
        assertThatThrownBy(() -> VerificationKey.of("weak", null, weak.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024 bits");
        assertThatThrownBy(() -> VerificationKey.of(null, null, TestKeys.hmac(31)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("248 bits");
    }

    // ---- keys ----

    @Test
    void verifyWhenKidUnknownThenKeyUnknownEvenIfAnotherKeyWouldVerify() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, fx.token().kid("rsa-2").sign("RS256", TestKeys.RSA.getPrivate())))
                    .isEqualTo(RejectionReason.KEY_UNKNOWN);
        }
    }

    @Test
    void verifyWhenNoKidThenTheOneCompatibleKeyIsUsed() {
        try (TokenVerifier v = fx.build()) {
            assertThat(v.verify(fx.token().sign("ES256", TestKeys.EC.getPrivate())).keyId()).isEmpty();
        }
    }

    @Test
    void verifyWhenNoKidAndSeveralOrNoCompatibleKeysThenKeyUnknown() {
        fx.keys = StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("a", null, TestKeys.RSA.getPublic()),
                VerificationKey.of("b", null, TestKeys.RSA_2.getPublic()))), "two rsa");
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, fx.token().sign("RS256", TestKeys.RSA.getPrivate())))
                    .isEqualTo(RejectionReason.KEY_UNKNOWN);
            assertThat(reasonOf(v, fx.token().sign("ES256", TestKeys.EC.getPrivate())))
                    .isEqualTo(RejectionReason.KEY_UNKNOWN);
        }
    }

    @Test
    void verifyWhenHeaderEmbedsAttackerKeyThenItIsNeverUsed() {
        KeyPair attacker = TestKeys.rsa(2048);
        java.security.interfaces.RSAPublicKey pub = (java.security.interfaces.RSAPublicKey) attacker.getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "n", Signer.b64(pub.getModulus().toByteArray()),
                "e", Signer.b64(pub.getPublicExponent().toByteArray()));
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, fx.token().header("jwk", jwk).kid("rsa-1").sign("RS256", attacker.getPrivate())))
                    .isEqualTo(RejectionReason.SIGNATURE_INVALID);
            assertThat(reasonOf(v, fx.token().header("jku", "https://attacker.example/jwks").kid("evil")
                    .sign("RS256", attacker.getPrivate()))).isEqualTo(RejectionReason.KEY_UNKNOWN);
            assertThat(reasonOf(v, fx.token().header("x5u", "https://attacker.example/cert").header("x5c",
                    List.of("MIIB")).kid("rsa-1").sign("RS256", attacker.getPrivate())))
                    .isEqualTo(RejectionReason.SIGNATURE_INVALID);
        }
    }

    @Test
    void verifyWhenKeySourceFailsThenKeySourceUnavailable() {
        fx.keys = new KeySource() {
            @Override
            public KeySet keys() {
                throw new IllegalStateException("vault down");
            }
        };
        try (TokenVerifier v = fx.build()) {
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                    () -> v.verify(rs256(fx.token())));
            assertThat(e.reason()).isEqualTo(RejectionReason.KEY_SOURCE_UNAVAILABLE);
            assertThat(e.reason().httpStatus()).isEqualTo(503);
        }
    }

    // ---- signature ----

    @Test
    void verifyWhenSignatureTamperedTruncatedOrStrippedThenRejected() {
        try (TokenVerifier v = fx.build()) {
            String good = rs256(fx.token());
            String[] p = good.split("\\.");
            String otherPayload = Signer.b64(fx.token().claim("sub", "mallory").claimsJson());
            assertThat(reasonOf(v, p[0] + "." + otherPayload + "." + p[2])).isEqualTo(RejectionReason.SIGNATURE_INVALID);
            assertThat(reasonOf(v, p[0] + "." + p[1] + "." + p[2].substring(0, 40)))
                    .isEqualTo(RejectionReason.SIGNATURE_INVALID);
            assertThat(reasonOf(v, p[0] + "." + p[1] + ".")).isEqualTo(RejectionReason.SIGNATURE_INVALID);
            assertThat(reasonOf(v, fx.token().kid("rsa-1").sign("RS256", TestKeys.RSA_2.getPrivate())))
                    .isEqualTo(RejectionReason.SIGNATURE_INVALID);
        }
    }

    @Test
    void verifyWhenEcdsaSignatureIsZeroThenRejected() {
        try (TokenVerifier v = fx.build()) {
            String[] p = fx.token().kid("ec-1").sign("ES256", TestKeys.EC.getPrivate()).split("\\.");
            assertThat(reasonOf(v, p[0] + "." + p[1] + "." + Signer.b64(new byte[64])))
                    .isEqualTo(RejectionReason.SIGNATURE_INVALID);
        }
    }

    // ---- issuer and audience ----

    @ParameterizedTest
    @ValueSource(strings = {"https://IDP.example.test/realms/acme", "https://idp.example.test/realms/acme/",
        "https://idp.example.test/realms/acme2", "https://evil.example"})
    void verifyWhenIssuerNotExactlyConfiguredThenUntrusted(String iss) {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, rs256(fx.token().claim("iss", iss)))).isEqualTo(RejectionReason.ISSUER_UNTRUSTED);
        }
    }

    @Test
    void verifyWhenIssuerMissingThenUntrustedAndWhenNotStringThenClaimInvalid() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, rs256(fx.token().without("iss")))).isEqualTo(RejectionReason.ISSUER_UNTRUSTED);
            assertThat(reasonOf(v, rs256(fx.token().claim("iss", List.of(TestTokens.ISSUER)))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
        }
    }

    @Test
    void verifyWhenAudienceMissingOrOtherThenMismatch() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, rs256(fx.token().without("aud")))).isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
            assertThat(reasonOf(v, rs256(fx.token().claim("aud", "api://other"))))
                    .isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
            assertThat(reasonOf(v, rs256(fx.token().claim("aud", List.of("api://other", "API://ORDERS")))))
                    .isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
            assertThat(reasonOf(v, rs256(fx.token().claim("aud", List.of()))))
                    .isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
            assertThat(reasonOf(v, rs256(fx.token().claim("aud", 5)))).isEqualTo(RejectionReason.CLAIM_INVALID);
        }
    }

    // ---- time ----

    @Test
    void verifyWhenExpiredBeyondSkewThenRejected() {
        try (TokenVerifier v = fx.build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", now - 31)))).isEqualTo(RejectionReason.TOKEN_EXPIRED);
            assertThat(v.verify(rs256(fx.token().claim("exp", now - 29)))).isNotNull();
        }
    }

    @Test
    void verifyWhenClockSkewConfiguredThenItApplies() {
        try (TokenVerifier v = fx.with("zt.issuers.main.clock-skew", "0s").build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", now)))).isEqualTo(RejectionReason.TOKEN_EXPIRED);
        }
    }

    @Test
    void verifyWhenNotBeforeInFutureBeyondSkewThenNotYetValid() {
        try (TokenVerifier v = fx.build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().claim("nbf", now + 31))))
                    .isEqualTo(RejectionReason.TOKEN_NOT_YET_VALID);
            assertThat(v.verify(rs256(fx.token().claim("nbf", now + 29)))).isNotNull();
        }
    }

    @Test
    void verifyWhenIssuedInFutureBeyondSkewThenRejected() {
        try (TokenVerifier v = fx.build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().claim("iat", now + 31))))
                    .isEqualTo(RejectionReason.TOKEN_ISSUED_IN_FUTURE);
        }
    }

    @Test
    void verifyWhenOlderThanMaxTokenAgeThenExpired() {
        try (TokenVerifier v = fx.with("zt.max-token-age", "10m").build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().claim("iat", now - 700).claim("exp", now + 3600))))
                    .isEqualTo(RejectionReason.TOKEN_EXPIRED);
            assertThat(reasonOf(v, rs256(fx.token().without("iat")))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(v.verify(rs256(fx.token().claim("iat", now - 500)))).isNotNull();
        }
    }

    @Test
    void verifyWhenTimeClaimsHaveWrongTypeOrOverflowThenClaimInvalid() {
        try (TokenVerifier v = fx.build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().without("exp")))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", String.valueOf(now + 300)))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", null)))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", true)))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", -1)))).isEqualTo(RejectionReason.CLAIM_INVALID);
            // 2^64 + t: wraps to a plausible value in a verifier that truncates to 64 bits
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", Json.raw("18446744073709551616" )))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp",
                    Json.raw(new java.math.BigInteger("18446744073709551616").add(
                            java.math.BigInteger.valueOf(now + 300)).toString())))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", Long.MAX_VALUE))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("exp", Json.raw("1e300")))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("nbf", Long.MAX_VALUE))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("nbf", "0")))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("iat", "now")))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("iat", false)))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(v.verify(rs256(fx.token().claim("exp", Json.raw((now + 300) + ".5")))).expiresAt())
                    .isEqualTo(Instant.ofEpochMilli((now + 300) * 1000 + 500));
        }
    }

    @Test
    void verifyWhenServiceIssuerThenSubMustBeItsOwnNameAndItsRolesScopesAndAcrAreNotBelieved() {
        fx.with("zt.issuers.hmac.type", "service");
        try (TokenVerifier v = fx.build()) {
            String iss = VerifierFixture.HMAC_ISSUER;
            TestTokens forged = fx.token().claim("iss", iss).claim("sub", "bob").claim("roles", List.of("admin"))
                    .claim("acr", "mfa");
            assertThat(reasonOf(v, forged.sign("HS256", TestKeys.HMAC))).as("a service minting a user")
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, fx.token().claim("iss", iss).without("sub").sign("HS256", TestKeys.HMAC)))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            VerifiedToken own = v.verify(fx.token().claim("iss", iss).claim("sub", iss).claim("roles", List.of("admin"))
                    .claim("scope", "orders:write").claim("acr", "mfa").claim("amr", List.of("hwk"))
                    .claim("auth_time", fx.clock.instant().getEpochSecond()).sign("HS256", TestKeys.HMAC));
            assertThat(own.isServiceToken()).isTrue();
            assertThat(own.subject()).contains(iss);
            assertThat(own.roles()).isEmpty();
            assertThat(own.scopes()).isEmpty();
            assertThat(own.acr()).isEmpty();
            assertThat(own.amr()).isEmpty();
            assertThat(own.authTime()).isEmpty();
            assertThat(own.hasRole("admin")).isFalse();
            assertThat(own.claims()).as("the raw claims stay readable as signed").containsKey("roles");
        }
    }

    @Test
    void verifyWhenClaimsTrustedNamesKindsThenOnlyThoseAreBelieved() {
        fx.with("zt.issuers.hmac.type", "service").with("zt.issuers.hmac.claims-trusted", "scopes");
        try (TokenVerifier v = fx.build()) {
            String iss = VerifierFixture.HMAC_ISSUER;
            VerifiedToken t = v.verify(fx.token().claim("iss", iss).claim("sub", iss).claim("roles", List.of("admin"))
                    .claim("scope", "reports:read").claim("acr", "mfa").sign("HS256", TestKeys.HMAC));
            assertThat(t.scopes()).containsExactly("reports:read");
            assertThat(t.roles()).isEmpty();
            assertThat(t.acr()).isEmpty();
        }
        VerifierFixture user = new VerifierFixture().with("zt.issuers.main.claims-trusted", "roles");
        try (TokenVerifier v = user.build()) {
            VerifiedToken t = v.verify(user.token().kid("rsa-1").claim("realm_access", Map.of("roles", List.of("admin")))
                    .claim("scope", "orders:write").claim("acr", "mfa").sign("RS256", TestKeys.RSA.getPrivate()));
            assertThat(t.roles()).containsExactly("admin");
            assertThat(t.scopes()).isEmpty();
            assertThat(t.acr()).isEmpty();
            assertThat(t.isServiceToken()).isFalse();
        }
    }

    @Test
    void configurationWhenIssuerTypeOrTrustedClaimsUnknownThenStartupFailsNamingTheKey() {
        assertThatThrownBy(() -> new VerifierFixture().with("zt.issuers.main.type", "robot").build())
                .isInstanceOf(dev.zt.config.ConfigurationException.class).hasMessageContaining("zt.issuers.main.type");
        assertThatThrownBy(() -> new VerifierFixture().with("zt.issuers.main.claims-trusted", "roles,groups").build())
                .isInstanceOf(dev.zt.config.ConfigurationException.class)
                .hasMessageContaining("zt.issuers.main.claims-trusted").hasMessageContaining("groups");
    }

    @Test
    void verifyWhenASignedTimeClaimIsAHugeOrTinyDecimalThenRefusedBeforeAnyArithmetic() {
        try (TokenVerifier v = fx.build()) {
            // 1e-20000000 parses as a tiny positive BigDecimal; rounding it to milliseconds took ~10 s of CPU
            assertThat(reasonOf(v, rs256(fx.token().claim("nbf", Json.raw("1e-20000000")))))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, rs256(fx.token().claim("iat", Json.raw("1e20000000")))))
                    .isEqualTo(RejectionReason.TOKEN_MALFORMED);
            // within the parser's limits but with more decimal places than any date needs
            assertThat(reasonOf(v, rs256(fx.token().claim("nbf", Json.raw("1e-300")))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
        }
    }

    @Test
    void verifyWhenRegisteredClaimsHaveWrongTypeThenClaimInvalid() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, rs256(fx.token().claim("sub", 42)))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("jti", List.of())))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("amr", "pwd")))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("cnf", "x")))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("scope", 7)))).isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("realm_access", Map.of("roles", List.of(1))))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().claim("auth_time", "yesterday"))))
                    .isEqualTo(RejectionReason.CLAIM_INVALID);
        }
    }

    // ---- header ----

    @Test
    void verifyWhenCritPresentThenHeaderInvalid() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, rs256(fx.token().header("crit", List.of("exp")).claim("exp2", 1))))
                    .isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().header("crit", List.of())))).isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().header("b64", false)))).isEqualTo(RejectionReason.HEADER_INVALID);
        }
    }

    @Test
    void verifyWhenNestedOrCompressedContentThenHeaderInvalid() {
        try (TokenVerifier v = fx.build()) {
            assertThat(reasonOf(v, rs256(fx.token().header("cty", "JWT")))).isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().header("zip", "DEF")))).isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, rs256(fx.token().header("enc", "A128GCM")))).isEqualTo(RejectionReason.HEADER_INVALID);
        }
    }

    @Test
    void verifyWhenHeaderFieldsHaveWrongTypeThenHeaderInvalid() {
        try (TokenVerifier v = fx.build()) {
            PrivateKey k = TestKeys.RSA.getPrivate();
            String claims = fx.token().claimsJson();
            assertThat(reasonOf(v, Signer.compact("{\"kid\":\"rsa-1\"}", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":[\"RS256\"]}", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"kid\":7}", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"kid\":null}", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, Signer.compact("{\"alg\":\"RS256\",\"typ\":1}", claims, "RS256", k)))
                    .isEqualTo(RejectionReason.HEADER_INVALID);
        }
    }

    @Test
    void verifyWhenTypConfiguredThenItMustMatch() {
        try (TokenVerifier v = fx.with("zt.issuers.main.typ", "at+jwt").build()) {
            assertThat(v.verify(rs256(fx.token().header("typ", "at+jwt")))).isNotNull();
            assertThat(v.verify(rs256(fx.token().header("typ", "application/AT+JWT")))).isNotNull();
            assertThat(reasonOf(v, rs256(fx.token().header("typ", "JWT")))).isEqualTo(RejectionReason.HEADER_INVALID);
            assertThat(reasonOf(v, rs256(fx.token()))).isEqualTo(RejectionReason.HEADER_INVALID);
        }
    }

    // ---- revocation ----

    @Test
    void verifyWhenTokenSessionOrSubjectRevokedThenRejectedOnNextCall() {
        try (TokenVerifier v = fx.build()) {
            String byJti = rs256(fx.token().claim("jti", "j-1"));
            String bySid = rs256(fx.token().claim("sid", "s-1").claim("jti", "j-2"));
            String bySub = rs256(fx.token().claim("sub", "bob"));
            v.verify(byJti);
            v.verify(bySid);
            v.verify(bySub);
            RevocationStore store = store(v);
            Instant later = fx.clock.instant().plusSeconds(600);
            store.revokeToken(TestTokens.ISSUER, "j-1", later);
            store.revokeSession(TestTokens.ISSUER, "s-1", later);
            store.revokeSubject(TestTokens.ISSUER, "bob", fx.clock.instant().plusSeconds(1));
            assertThat(reasonOf(v, byJti)).isEqualTo(RejectionReason.TOKEN_REVOKED);
            assertThat(reasonOf(v, bySid)).isEqualTo(RejectionReason.TOKEN_REVOKED);
            assertThat(reasonOf(v, bySub)).isEqualTo(RejectionReason.TOKEN_REVOKED);
            fx.clock.advance(Duration.ofSeconds(2));
            assertThat(v.verify(rs256(fx.token().claim("sub", "bob")))).isNotNull(); // issued after the cut-off
            assertThat(v.verify(rs256(fx.token().claim("jti", "j-3")))).isNotNull();
        }
    }

    @Test
    void verifyWhenIssuedLongerAgoThanTheSubjectRetentionThenExpiredEvenBeforeItsExp() {
        try (TokenVerifier v = fx.build()) { // zt.revocation.subject-retention: 24h
            long now = fx.clock.instant().getEpochSecond();
            assertThat(reasonOf(v, rs256(fx.token().claim("iat", now - 25 * 3600).claim("exp", now + 3600))))
                    .isEqualTo(RejectionReason.TOKEN_EXPIRED);
            assertThat(v.verify(rs256(fx.token().claim("iat", now - 23 * 3600).claim("exp", now + 3600)))).isNotNull();
        }
        try (TokenVerifier v = fx.with("zt.revocation.subject-retention", "48h").build()) {
            long now = fx.clock.instant().getEpochSecond();
            assertThat(v.verify(rs256(fx.token().claim("iat", now - 25 * 3600).claim("exp", now + 3600)))).isNotNull();
        }
    }

    /** The cut-off is kept for the retention; a token from before it must not come back once it is forgotten. */
    @Test
    void verifyWhenASubjectCutOffIsForgottenThenALongLivedTokenFromBeforeItStaysRefused() {
        try (TokenVerifier v = fx.with("zt.revocation.subject-retention", "2h").build()) {
            long now = fx.clock.instant().getEpochSecond();
            String longLived = rs256(fx.token().claim("sub", "bob").claim("iat", now).claim("exp", now + 6 * 3600));
            assertThat(v.verify(longLived)).isNotNull(); // cached from now on
            store(v).revokeSubject(TestTokens.ISSUER, "bob", fx.clock.instant().plusSeconds(1));
            assertThat(reasonOf(v, longLived)).isEqualTo(RejectionReason.TOKEN_REVOKED);
            fx.clock.advance(Duration.ofHours(3)); // the cut-off is gone (kept 2 h); the token's exp is 3 h away
            assertThat(reasonOf(v, longLived)).isEqualTo(RejectionReason.TOKEN_EXPIRED);
            assertThat(v.verify(rs256(fx.token().claim("sub", "bob")))).isNotNull(); // bob signs in again
        }
    }

    @Test
    void verifyWhenRevocationStoreFailsThenStoreUnavailable() {
        RevocationStore broken = new RevocationStore() {
            @Override
            public boolean isRevoked(VerifiedToken token) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
            }

            @Override
            public void revokeSession(String issuer, String sessionId, Instant retainUntil) {
            }

            @Override
            public void revokeSubject(String issuer, String subject, Instant notBefore) {
            }
        };
        try (TokenVerifier v = fx.builder().revocationStore(broken).build()) {
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                    () -> v.verify(rs256(fx.token())));
            assertThat(e.reason()).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            assertThat(e.reason().transientFailure()).isTrue();
        }
    }

    // ---- the verified-token cache ----

    @Test
    void cacheWhenHitThenExpiryAndRevocationStillChecked() {
        try (TokenVerifier v = fx.build()) {
            String token = rs256(fx.token().claim("jti", "cached"));
            v.verify(token);
            assertThat(((DefaultTokenVerifier) v).cachedTokens()).isEqualTo(1);
            v.verify(token);
            store(v).revokeToken(TestTokens.ISSUER, "cached", fx.clock.instant().plusSeconds(300));
            assertThat(reasonOf(v, token)).isEqualTo(RejectionReason.TOKEN_REVOKED);

            String other = rs256(fx.token());
            v.verify(other);
            fx.clock.advance(Duration.ofSeconds(331));
            assertThat(reasonOf(v, other)).isEqualTo(RejectionReason.TOKEN_EXPIRED);
            assertThat(((DefaultTokenVerifier) v).cachedTokens()).isZero();
        }
    }

    @Test
    void cacheWhenJunkFloodThenNothingIsCached() {
        try (TokenVerifier v = fx.build()) {
            String good = rs256(fx.token());
            String[] p = good.split("\\.");
            for (int i = 0; i < 2000; i++) {
                String forged = p[0] + "." + Signer.b64(fx.token().claim("n", i).claimsJson()) + "." + p[2];
                assertThat(reasonOf(v, forged)).isEqualTo(RejectionReason.SIGNATURE_INVALID);
                assertThat(reasonOf(v, "junk" + i)).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            }
            assertThat(((DefaultTokenVerifier) v).cachedTokens()).isZero();
        }
    }

    @Test
    void cacheWhenATokenEndsLikeACachedOneThenItIsStillVerifiedInFull() {
        // the cache hashes a token's tail (its signature) only: a token sharing a cached token's signature lands in the
        // same bucket, and must still be compared in full and verified, never answered from the cached entry
        try (TokenVerifier v = fx.build()) {
            String good = rs256(fx.token().claim("jti", "good"));
            v.verify(good);
            String[] p = good.split("\\.");
            for (int i = 0; i < 50; i++) { // as long as the cached token, with its signature: the same hash
                String forged = p[0] + "." + Signer.b64(fx.token().claim("jti", String.format("e%03d", i))
                        .claimsJson()) + "." + p[2];
                assertThat(forged).hasSameSizeAs(good).endsWith(p[2]).isNotEqualTo(good);
                assertThat(reasonOf(v, forged)).isEqualTo(RejectionReason.SIGNATURE_INVALID);
            }
            assertThat(reasonOf(v, "x" + good)).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(reasonOf(v, p[2])).isEqualTo(RejectionReason.TOKEN_MALFORMED);
            assertThat(v.verify(good).tokenId()).contains("good");
            assertThat(((DefaultTokenVerifier) v).cachedTokens()).isEqualTo(1);
        }
    }

    @Test
    void cacheWhenFullThenBoundedByMaxEntries() {
        try (TokenVerifier v = fx.with("zt.cache.max-entries", "10").build()) {
            for (int i = 0; i < 50; i++) {
                v.verify(fx.token().claim("n", i).kid("ec-1").sign("ES256", TestKeys.EC.getPrivate()));
            }
            assertThat(((DefaultTokenVerifier) v).cachedTokens()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void cacheWhenKeyLeavesTheSetThenCachedTokenIsRejected() {
        VerificationKey rsa = VerificationKey.of("rsa-1", null, TestKeys.RSA.getPublic());
        VerificationKey ec = VerificationKey.of("ec-1", null, TestKeys.EC.getPublic());
        KeySet[] current = {KeySet.of(List.of(rsa, ec))};
        fx.keys = () -> current[0];
        try (TokenVerifier v = fx.build()) {
            String token = rs256(fx.token());
            v.verify(token);
            current[0] = KeySet.of(List.of(ec));
            assertThat(reasonOf(v, token)).isEqualTo(RejectionReason.KEY_UNKNOWN);
        }
    }

    @Test
    void cacheWhenDisabledThenEveryCallVerifiesFully() {
        try (TokenVerifier v = fx.with("zt.cache.max-entries", "0").build()) {
            String token = rs256(fx.token());
            v.verify(token);
            v.verify(token);
            assertThat(((DefaultTokenVerifier) v).cachedTokens()).isZero();
        }
    }

    @Test
    void rejectionReasonCodesAreStableSnakeCase() {
        assertThat(RejectionReason.values()).extracting(RejectionReason::code).containsExactly(
                "token_missing", "invalid_request", "request_rejected",
                "token_malformed", "token_too_large", "algorithm_not_allowed", "key_unknown", "signature_invalid",
                "issuer_untrusted", "audience_mismatch", "token_expired", "token_not_yet_valid",
                "token_issued_in_future", "claim_invalid", "header_invalid", "token_revoked",
                "key_source_unavailable", "store_unavailable", "session_expired", "session_revoked", "token_reused",
                "csrf_rejected", "insufficient_scope", "insufficient_role", "access_denied", "step_up_required",
                "zt_unavailable", "risk_denied", "rate_limited", "risk_check_failed", "token_replayed",
                "login_failed", "idp_unavailable", "dpop_proof_invalid", "dpop_replayed", "dpop_binding_mismatch",
                "dpop_nonce_required", "dpop_required", "certificate_binding_mismatch", "proof_of_possession_required",
                "pdp_denied", "pdp_unavailable");
        for (RejectionReason r : RejectionReason.values()) {
            assertThat(RejectionReason.fromCode(r.code())).isEqualTo(r);
        }
    }

    private static dev.zt.spi.store.RevocationStore store(TokenVerifier v) {
        return ((dev.zt.internal.token.DefaultTokenVerifier) v).revocationStore();
    }
}
