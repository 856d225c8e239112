package dev.zt.service;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.token.PossessionProof;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import java.util.List;
import dev.zt.internal.keys.DefaultServiceTokens;
import dev.zt.internal.token.TokenVerifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.token.TokenVerifier;
import dev.zt.token.VerifiedToken;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    @TempDir
    Path dir;

    private Path pem(String type, byte[] der, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
        return p;
    }

    @Test
    void tokenWhenMintedThenTheReceivingServiceVerifiesIt() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        Path priv = pem("PRIVATE KEY", pair.getPrivate().getEncoded(), "svc.key");
        Path pub = pem("PUBLIC KEY", pair.getPublic().getEncoded(), "svc.pem");
        ZtConfig callerConfig = ZtConfig.fromMap(Map.of("zt.issuer", "https://idp.example.test", "zt.audience", "x",
                "zt.jwks-uri", "https://idp.example.test/certs", "zt.service.id", "urn:zt:service:orders",
                "zt.service.signing-key", "file:" + priv));
        try (ZeroTrust caller = ZeroTrust.builder(callerConfig).clock(clock).build()) {
            ServiceTokens tokens = caller.serviceTokens().orElseThrow();
            String token = tokens.tokenFor("api://reports");
            ZtConfig receiverConfig = ZtConfig.fromMap(Map.of("zt.issuers.orders.issuer", "urn:zt:service:orders",
                    "zt.issuers.orders.public-key", "file:" + pub, "zt.issuers.orders.audience", "api://reports"));
            try (TokenVerifier receiver = TokenVerifiers.builder(receiverConfig).clock(clock).build()) {
                VerifiedToken t = receiver.verify(token);
                assertThat(t.subject()).contains("urn:zt:service:orders");
                assertThat(t.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
            }
            HttpRequest request = tokens.authorize(HttpRequest.newBuilder(URI.create("http://127.0.0.1/")),
                    "api://reports").build();
            assertThat(request.headers().firstValue("Authorization")).contains("Bearer " + token);
        }
    }

    @Test
    void tokenWhenRequestedAgainThenCachedUntil80PercentOfItsLife() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        Path priv = pem("PRIVATE KEY", pair.getPrivate().getEncoded(), "svc.key");
        ZtConfig config = ZtConfig.fromMap(Map.of("zt.service.id", "urn:zt:service:a", "zt.service.signing-key",
                "file:" + priv, "zt.service.token-lifetime", "100s"));
        ServiceTokens tokens = DefaultServiceTokens.fromConfig(config, clock, getClass().getClassLoader());
        String first = tokens.tokenFor("b");
        clock.advance(Duration.ofSeconds(79));
        assertThat(tokens.tokenFor("b")).isEqualTo(first);
        assertThat(tokens.tokenFor("c")).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.tokenFor("b")).isNotEqualTo(first);
    }

    @Test
    void configWhenIdOrKeyMissingThenRefused() {
        assertThat(DefaultServiceTokens.configured(ZtConfig.fromMap(Map.of()))).isFalse();
        assertThatThrownBy(() -> DefaultServiceTokens.fromConfig(ZtConfig.fromMap(Map.of("zt.service.id", "a")), clock,
                getClass().getClassLoader())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.service.signing-key");
    }

    @Test
    void dpopBoundServiceTokensAreAcceptedOnlyWithTheProofOfTheirCall() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        Path priv = pem("PRIVATE KEY", pair.getPrivate().getEncoded(), "svc.key");
        Path pub = pem("PUBLIC KEY", pair.getPublic().getEncoded(), "svc.pem");
        KeyPair client = TestKeys.ed25519();
        Path dpopKey = pem("PRIVATE KEY", client.getPrivate().getEncoded(), "dpop.key");
        ZtConfig callerConfig = ZtConfig.fromMap(Map.of("zt.service.id", "urn:zt:service:orders",
                "zt.service.signing-key", "file:" + priv, "zt.service.dpop-key", "file:" + dpopKey));
        ZtConfig receiverConfig = ZtConfig.fromMap(Map.of("zt.issuers.orders.issuer", "urn:zt:service:orders",
                "zt.issuers.orders.type", "service", "zt.issuers.orders.public-key", "file:" + pub,
                "zt.issuers.orders.audience", "api://reports", "zt.issuers.orders.dpop", "required"));
        URI url = URI.create("https://reports.example.test/api/reports/7?format=csv");
        try (ZeroTrust caller = ZeroTrust.builder(callerConfig).clock(clock).build();
                ZeroTrust receiver = ZeroTrust.builder(receiverConfig).clock(clock).build()) {
            ServiceTokens tokens = caller.serviceTokens().orElseThrow();
            assertThat(tokens.dpopBound()).isTrue();
            String token = tokens.tokenFor("api://reports");
            VerifiedToken verified = receiver.verifier().verify(token);
            assertThat(verified.boundKey()).contains(dev.zt.testing.DpopProof.thumbprint(client.getPublic()));

            HttpRequest request = tokens.authorize(HttpRequest.newBuilder(url), "api://reports", "GET", url).build();
            assertThat(request.headers().firstValue("Authorization")).contains("DPoP " + token);
            String proof = request.headers().firstValue("DPoP").orElseThrow();
            PossessionProof presented = PossessionProof.builder().dpopScheme(true).dpopProofs(List.of(proof))
                    .method("GET").urls(List.of("https://reports.example.test/api/reports/7")).build();
            assertThat(receiver.senderConstraints().check(verified, token, presented).proofKey()).isPresent();

            TokenRejectedException replayed = catchThrowableOfType(TokenRejectedException.class,
                    () -> receiver.senderConstraints().check(verified, token, presented));
            assertThat(replayed.reason()).isEqualTo(RejectionReason.DPOP_REPLAYED);
            TokenRejectedException asBearer = catchThrowableOfType(TokenRejectedException.class,
                    () -> receiver.senderConstraints().check(verified, token, PossessionProof.builder().method("GET")
                            .urls(List.of(url.toString())).build()));
            assertThat(asBearer.reason()).isEqualTo(RejectionReason.DPOP_REQUIRED);
            assertThatThrownBy(() -> tokens.authorize(HttpRequest.newBuilder(url), "api://reports"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("DPoP-bound");
        }
    }

    @Test
    void theDpopKeyMustNotBeTheSigningKey() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        Path priv = pem("PRIVATE KEY", pair.getPrivate().getEncoded(), "svc.key");
        ZtConfig config = ZtConfig.fromMap(Map.of("zt.service.id", "urn:zt:service:a", "zt.service.signing-key",
                "file:" + priv, "zt.service.dpop-key", "file:" + priv));
        assertThatThrownBy(() -> dev.zt.internal.pop.DpopSigner.configured(config, clock, getClass().getClassLoader()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.service.dpop-key");
    }
}
