package dev.zt.token;

import dev.zt.internal.token.TokenVerifiers;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A verifier trusting {@link TestTokens#ISSUER} with RSA, EC and Ed25519 keys, plus an HMAC issuer. */
final class VerifierFixture {
    static final String HMAC_ISSUER = "https://hmac.example.test";
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final Map<String, String> settings = new HashMap<>();
    KeySource keys = StaticKeySource.of(KeySet.of(List.of(
            VerificationKey.of("rsa-1", null, TestKeys.RSA.getPublic()),
            VerificationKey.of("ec-1", null, TestKeys.EC.getPublic()),
            VerificationKey.of("ed-1", null, TestKeys.ED25519.getPublic()))), "test keys");
    KeySource hmacKeys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of(null, null, TestKeys.HMAC))),
            "test secret");

    VerifierFixture() {
        settings.put("zt.issuers.main.issuer", TestTokens.ISSUER);
        settings.put("zt.issuers.main.audience", TestTokens.AUDIENCE);
        settings.put("zt.issuers.main.algorithms", "RS256,PS256,ES256,EdDSA");
        settings.put("zt.issuers.main.roles-claim", "realm_access.roles");
        settings.put("zt.issuers.hmac.issuer", HMAC_ISSUER);
        settings.put("zt.issuers.hmac.audience", TestTokens.AUDIENCE);
        settings.put("zt.issuers.hmac.algorithms", "HS256");
    }

    VerifierFixture with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    TokenVerifiers.Builder builder() {
        return TokenVerifiers.builder(ZtConfig.fromMap(settings)).clock(clock).keySource("main", keys)
                .keySource("hmac", hmacKeys);
    }

    TokenVerifier build() {
        return builder().build();
    }

    TestTokens token() {
        return TestTokens.valid(clock.instant());
    }
}
