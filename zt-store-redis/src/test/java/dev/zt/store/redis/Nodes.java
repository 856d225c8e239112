package dev.zt.store.redis;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the Redis tests' "nodes" (engines sharing one Redis) have in common. */
final class Nodes {

    private Nodes() {
    }

    /**
     * The settings of a node on Redis: test issuer, {@code zt.store=redis}, and one session key shared by every node
     * (written to {@code dir}); 10 s session tokens due for refresh after 1 s.
     */
    static Map<String, String> settings(Path dir) throws IOException {
        Path pem = dir.resolve("session.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                TestKeys.ec("secp256r1").getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        Map<String, String> settings = new HashMap<>();
        settings.put("zt.issuer", TestTokens.ISSUER);
        settings.put("zt.audience", TestTokens.AUDIENCE);
        settings.put("zt.algorithms", "RS256");
        settings.put("zt.store", "redis");
        settings.put("zt.session.signing-key", "file:" + pem);
        settings.put("zt.session.ttl", "10s");
        settings.put("zt.session.refresh-before", "9s");
        return settings;
    }

    /** An engine on {@code settings} with the test issuer's key, keeping time with {@code clock}. */
    static ZeroTrust node(Map<String, String> settings, Clock clock) {
        return ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock).keySource("default", StaticKeySource.of(
                KeySet.of(List.of(VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
    }

    /** An access token of the test issuer. */
    static String access(TestTokens t) {
        return t.kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
    }

    /** The reason {@code r} was rejected with, or {@code null} when it was not. */
    static RejectionReason reasonOf(Runnable r) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, r::run);
        return e == null ? null : e.reason();
    }
}
