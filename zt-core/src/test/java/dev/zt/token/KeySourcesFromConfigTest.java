package dev.zt.token;

import dev.zt.internal.token.TokenVerifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.testing.Json;
import dev.zt.testing.Jwk;
import dev.zt.testing.JwksServer;
import dev.zt.testing.MutableClock;
import dev.zt.testing.Signer;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each built-in key source, configured by key, end to end through the verifier. */
class KeySourcesFromConfigTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    @TempDir
    Path dir;

    private Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("zt.issuer", TestTokens.ISSUER);
        m.put("zt.audience", TestTokens.AUDIENCE);
        return m;
    }

    private TestTokens token() {
        return TestTokens.valid(clock.instant());
    }

    @Test
    void jwksUriWhenHttpOnLoopbackThenKeysFetchedAndRotationFollowed() throws Exception {
        try (JwksServer server = new JwksServer().body(Jwk.set(Jwk.of("k1", TestKeys.RSA.getPublic())))) {
            Map<String, String> m = base();
            m.put("zt.jwks-uri", server.uri().toString());
            try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock).build()) {
                String first = token().kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
                assertThat(v.verify(first).keyId()).contains("k1");
                server.body(Jwk.set(Jwk.of("k2", TestKeys.RSA_2.getPublic())));
                assertThat(v.verify(token().kid("k2").sign("RS256", TestKeys.RSA_2.getPrivate())).keyId())
                        .contains("k2");
                // k1 left the set: even the cached token is no longer accepted
                assertThat(catchThrowableOfType(TokenRejectedException.class, () -> v.verify(first)).reason())
                        .isEqualTo(RejectionReason.KEY_UNKNOWN);
            }
        }
    }

    @Test
    void jwksUriWhenUnreachableAtStartThenKeySourceUnavailableNotStartupFailure() throws Exception {
        JwksServer server = new JwksServer();
        String uri = server.uri().toString();
        server.close();
        Map<String, String> m = base();
        m.put("zt.jwks-uri", uri);
        m.put("zt.jwks.connect-timeout", "500ms");
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock).build()) {
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                    () -> v.verify(token().kid("k1").sign("RS256", TestKeys.RSA.getPrivate())));
            assertThat(e.reason()).isEqualTo(RejectionReason.KEY_SOURCE_UNAVAILABLE);
        }
    }

    @Test
    void jwksUriWhenLocalFileWithSecretKeyThenHmacAccepted() throws Exception {
        byte[] secret = TestKeys.HMAC.getEncoded();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, Json.write(Map.of("keys", List.of(Map.of("kty", "oct", "kid", "h1", "alg", "HS256",
                "k", Signer.b64(secret))))));
        Map<String, String> m = base();
        m.put("zt.jwks-uri", "file:" + file);
        m.put("zt.algorithms", "HS256");
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock).build()) {
            assertThat(v.verify(token().kid("h1").sign("HS256", TestKeys.HMAC)).keyId()).contains("h1");
        }
    }

    @Test
    void jwksUriWhenClasspathThenRead() {
        Map<String, String> m = base();
        m.put("zt.jwks-uri", "classpath:test-jwks.json");
        m.put("zt.algorithms", "ES256");
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock)
                .classLoader(new FixedResourceLoader("test-jwks.json",
                        Jwk.set(Jwk.of("e1", TestKeys.EC.getPublic())))).build()) {
            assertThat(v.verify(token().kid("e1").sign("ES256", TestKeys.EC.getPrivate())).keyId()).contains("e1");
        }
    }

    @Test
    void publicKeyWhenPemFileThenAccepted() throws Exception {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(
                StandardCharsets.US_ASCII)).encodeToString(TestKeys.ED25519.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Map<String, String> m = base();
        m.put("zt.public-key", "file:" + pem);
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock).build()) {
            assertThat(v.verify(token().sign("EdDSA", TestKeys.ED25519.getPrivate())).algorithm()).isEqualTo("EdDSA");
        }
    }

    @Test
    void publicKeyWhenPrivateKeyOrMissingFileThenStartupFailsNamingTheKey() throws Exception {
        Path pem = dir.resolve("private.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Map<String, String> m = base();
        m.put("zt.public-key", "file:" + pem);
        assertThatThrownBy(() -> TokenVerifiers.builder(ZtConfig.fromMap(m)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("private key");
        m.put("zt.public-key", "file:" + dir.resolve("absent.pem"));
        assertThatThrownBy(() -> TokenVerifiers.builder(ZtConfig.fromMap(m)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("absent.pem");
    }

    @Test
    void secretWhenFromEnvironmentOrFileThenHmacAccepted() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(TestKeys.HMAC.getEncoded());
        Map<String, String> m = base();
        m.put("zt.secret", "env:ZT_TEST_HMAC");
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock)
                .environment(Map.of("ZT_TEST_HMAC", encoded)).build()) {
            assertThat(v.verify(token().sign("HS256", TestKeys.HMAC))).isNotNull();
        }
        Path file = dir.resolve("secret");
        Files.writeString(file, encoded + "\n");
        m.put("zt.secret", "file:" + file);
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock).build()) {
            assertThat(v.verify(token().sign("HS256", TestKeys.HMAC))).isNotNull();
        }
    }

    @Test
    void secretWhenMissingOrTooShortThenStartupFailsWithoutEchoingIt() {
        Map<String, String> m = base();
        m.put("zt.secret", "env:ZT_TEST_HMAC");
        assertThatThrownBy(() -> TokenVerifiers.builder(ZtConfig.fromMap(m)).environment(Map.of()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ZT_TEST_HMAC is not set");
        String shortSecret = Base64.getEncoder().encodeToString("only-16-bytes-xx".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> TokenVerifiers.builder(ZtConfig.fromMap(m))
                .environment(Map.of("ZT_TEST_HMAC", shortSecret)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("128 bits")
                .hasMessageNotContaining(shortSecret);
    }

    @Test
    void builderWhenNoIssuerOrNoKeySourceThenFails() {
        assertThatThrownBy(() -> TokenVerifiers.builder(ZtConfig.fromMap(Map.of())).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no trusted issuer");
        assertThatThrownBy(() -> TokenVerifiers.builder(ZtConfig.fromMap(base())).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("has no key source");
    }

    @Test
    void revocationStoreWhenFullThenRevokeFailsLoudlyInsteadOfEvicting() {
        Map<String, String> m = base();
        m.put("zt.revocation.max-entries", "3");
        m.put("zt.secret", "env:S");
        try (TokenVerifier v = TokenVerifiers.builder(ZtConfig.fromMap(m)).clock(clock)
                .environment(Map.of("S", Base64.getEncoder().encodeToString(TestKeys.HMAC.getEncoded()))).build()) {
            Instant later = clock.instant().plus(Duration.ofMinutes(5));
            for (int i = 0; i < 3; i++) {
                store(v).revokeToken(TestTokens.ISSUER, "j" + i, later);
            }
            assertThatThrownBy(() -> store(v).revokeToken(TestTokens.ISSUER, "j3", later))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
            String revoked = token().claim("jti", "j0").sign("HS256", TestKeys.HMAC);
            assertThat(catchThrowableOfType(TokenRejectedException.class, () -> v.verify(revoked)).reason())
                    .isEqualTo(RejectionReason.TOKEN_REVOKED);
            clock.advance(Duration.ofMinutes(6)); // the revocations expired with their tokens: room again
            store(v).revokeToken(TestTokens.ISSUER, "j3", clock.instant().plusSeconds(60));
        }
    }

    /** A class loader that serves one resource. */
    private static final class FixedResourceLoader extends ClassLoader {
        private final String name;
        private final String content;

        FixedResourceLoader(String name, String content) {
            super(FixedResourceLoader.class.getClassLoader());
            this.name = name;
            this.content = content;
        }

        @Override
        public java.io.InputStream getResourceAsStream(String n) {
            if (n.equals(name)) {
                return new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
            }
            return super.getResourceAsStream(n);
        }
    }

    private static dev.zt.spi.store.RevocationStore store(TokenVerifier v) {
        return ((dev.zt.internal.token.DefaultTokenVerifier) v).revocationStore();
    }
}
