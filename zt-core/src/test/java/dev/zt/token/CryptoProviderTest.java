package dev.zt.token;

import dev.zt.internal.token.TokenVerifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code zt.crypto.provider}: the signatures of the listed algorithms are verified by the named JCA provider (here a
 * test provider that counts its verifications and delegates to the JDK's Ed25519), everything else by the JDK's; a
 * provider that is missing or lacks an algorithm stops start-up. Real Ed25519 and RS256 signatures.
 */
class CryptoProviderTest {

    private static final String NAME = "zt-test-counting";

    private final CountingProvider provider = new CountingProvider();
    private final Map<String, String> settings = new HashMap<>(Map.of("zt.issuer", TestTokens.ISSUER,
            "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "EdDSA RS256"));

    @BeforeEach
    void install() {
        Security.addProvider(provider);
    }

    @AfterEach
    void uninstall() {
        Security.removeProvider(NAME);
    }

    private TokenVerifier verifier() {
        return TokenVerifiers.builder(ZtConfig.fromMap(settings)).keySource("default", StaticKeySource.of(KeySet.of(
                List.of(VerificationKey.of("ed", null, TestKeys.ED25519.getPublic()),
                        VerificationKey.of("rsa", null, TestKeys.RSA.getPublic()))), "test")).build();
    }

    private static String token(String alg, String kid, PrivateKey key) {
        return TestTokens.valid(Instant.now()).kid(kid).sign(alg, key);
    }

    @Test
    void verifyWhenProviderConfiguredThenItVerifiesTheListedAlgorithmOnly() {
        settings.put("zt.crypto.provider", NAME);
        settings.put("zt.crypto.provider-algorithms", "EdDSA");
        try (TokenVerifier v = verifier()) {
            assertThat(v.verify(token("EdDSA", "ed", TestKeys.ED25519.getPrivate())).algorithm()).isEqualTo("EdDSA");
            assertThat(provider.verifications.get()).as("EdDSA went to the provider").isEqualTo(1);

            assertThat(v.verify(token("RS256", "rsa", TestKeys.RSA.getPrivate())).algorithm()).isEqualTo("RS256");
            assertThat(provider.verifications.get()).as("RS256 stayed with the JDK").isEqualTo(1);

            String forged = token("EdDSA", "ed", TestKeys.ed25519().getPrivate());
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> v.verify(forged));
            assertThat(e.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID);
            assertThat(provider.verifications.get()).isEqualTo(2);
        }
    }

    @Test
    void dpopProofsAreVerifiedWithTheProviderToo() {
        settings.put("zt.crypto.provider", NAME);
        settings.put("zt.crypto.provider-algorithms", "EdDSA");
        try (dev.zt.ZeroTrust zt = dev.zt.ZeroTrust.builder(ZtConfig.fromMap(settings)).keySource("default",
                StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("rsa", null, TestKeys.RSA.getPublic()))),
                        "test")).build()) {
            String token = TestTokens.valid(Instant.now()).kid("rsa").claim("cnf", Map.of("jkt",
                    dev.zt.testing.DpopProof.thumbprint(TestKeys.ED25519.getPublic()))).sign("RS256",
                    TestKeys.RSA.getPrivate());
            String proof = dev.zt.testing.DpopProof.of(TestKeys.ED25519, "EdDSA").htm("GET").htu("https://a.test/x")
                    .iat(Instant.now()).ath(token).sign();
            PossessionProof p = PossessionProof.builder().dpopScheme(true).dpopProofs(List.of(proof)).method("GET")
                    .urls(List.of("https://a.test/x")).build();
            assertThat(zt.senderConstraints().check(zt.verifier().verify(token), token, p).proofKey()).isPresent();
            assertThat(provider.verifications.get()).as("the EdDSA proof went to the provider").isEqualTo(1);
        }
    }

    @Test
    void configWhenOnlyTheProviderIsSetThenEdDsaAndEcdsaAreItsAlgorithms() {
        Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        try {
            settings.put("zt.crypto.provider", "BC");
            assertThat(ZtConfig.fromMap(settings).cryptoProviderAlgorithms())
                    .containsExactlyInAnyOrder("EdDSA", "ES256", "ES384", "ES512");
            try (TokenVerifier v = verifier()) {
                assertThat(v.verify(token("EdDSA", "ed", TestKeys.ED25519.getPrivate())).algorithm())
                        .isEqualTo("EdDSA");
            }
        } finally {
            Security.removeProvider("BC");
        }
        assertThat(ZtConfig.fromMap(Map.of("zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE))
                .cryptoProviderAlgorithms()).as("no provider, no list").isEmpty();
    }

    @Test
    void configWhenProviderIsAClassNameThenInstantiatedForZtAloneAndNotRegistered() {
        settings.put("zt.crypto.provider", "org.bouncycastle.jce.provider.BouncyCastleProvider");
        try (TokenVerifier v = verifier()) {
            assertThat(ZtConfig.fromMap(settings).cryptoProvider().orElseThrow().getName()).isEqualTo("BC");
            assertThat(v.verify(token("EdDSA", "ed", TestKeys.ED25519.getPrivate())).algorithm()).isEqualTo("EdDSA");
        }
        assertThat(Security.getProvider("BC")).as("no JVM-wide side effect").isNull();
        settings.put("zt.crypto.provider", "java.lang.String");
        assertThatThrownBy(() -> ZtConfig.fromMap(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not a java.security.Provider");
        settings.put("zt.crypto.provider", "org.example.NoSuchProvider");
        assertThatThrownBy(() -> ZtConfig.fromMap(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("neither an installed provider");
    }

    @Test
    void verifyWhenNoProviderConfiguredThenTheJdkVerifies() {
        try (TokenVerifier v = verifier()) {
            v.verify(token("EdDSA", "ed", TestKeys.ED25519.getPrivate()));
            assertThat(provider.verifications.get()).isZero();
        }
    }

    @Test
    void configWhenProviderNotInstalledThenStartupFailsNamingTheInstalledOnes() {
        settings.put("zt.crypto.provider", "NoSuchProvider");
        assertThatThrownBy(() -> ZtConfig.fromMap(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.crypto.provider").hasMessageContaining("no JCA provider")
                .hasMessageContaining(NAME);
    }

    @Test
    void configWhenProviderLacksAnAlgorithmOrAnHmacIsListedThenStartupFails() {
        settings.put("zt.crypto.provider", NAME);
        settings.put("zt.crypto.provider-algorithms", "EdDSA ES256");
        assertThatThrownBy(() -> dev.zt.ZeroTrust.builder(ZtConfig.fromMap(settings)).build().close())
                .as("refused at start-up, before any key source starts").isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.crypto.provider-algorithms").hasMessageContaining("SHA256withECDSA");
        settings.put("zt.crypto.provider-algorithms", "HS256");
        assertThatThrownBy(() -> ZtConfig.fromMap(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not an asymmetric JWS algorithm");
    }

    /** A JCA provider whose Ed25519 counts verifications and delegates to the JDK's implementation. */
    static final class CountingProvider extends Provider {
        private static final long serialVersionUID = 1L;
        final transient AtomicInteger verifications = new AtomicInteger();

        CountingProvider() {
            super(NAME, "1", "counts Ed25519 verifications (test)");
            for (String name : List.of("Ed25519", "EdDSA")) {
                putService(new Service(this, "Signature", name, CountingSignature.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object constructorParameter) {
                        return new CountingSignature(verifications);
                    }
                });
            }
        }
    }

    /** Ed25519 verification by the JDK, counted. */
    static final class CountingSignature extends SignatureSpi {
        private final AtomicInteger count;
        private final Signature jdk;

        CountingSignature(AtomicInteger count) {
            this.count = count;
            try {
                this.jdk = Signature.getInstance("Ed25519", "SunEC");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            jdk.initVerify(publicKey);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            throw new InvalidKeyException("verification only");
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            jdk.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            jdk.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            throw new SignatureException("verification only");
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            count.incrementAndGet();
            return jdk.verify(sigBytes);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }
}
