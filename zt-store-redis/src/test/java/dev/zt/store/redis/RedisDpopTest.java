package dev.zt.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.testing.DpopProof;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.PossessionProof;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DPoP on two nodes sharing a real Redis (RFC 9449 section 11.1): a proof accepted by one node is a replay on the
 * other, and a server nonce one node hands out is accepted by the other (both derive it from the shared session key).
 */
class RedisDpopTest {

    private static final String URL = "https://api.example.test/orders";
    private static final KeyPair CLIENT = TestKeys.ec("secp256r1");

    @TempDir
    Path dir;
    private RedisServer redis;
    private Map<String, String> settings;
    private final List<ZeroTrust> engines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer();
        settings = Nodes.settings(dir);
        settings.put("zt.redis.uri", redis.uri());
    }

    @AfterEach
    void stop() throws Exception {
        engines.forEach(ZeroTrust::close);
        redis.close();
    }

    private ZeroTrust node() {
        ZeroTrust zt = Nodes.node(settings, Clock.systemUTC());
        engines.add(zt);
        return zt;
    }

    private static String token() {
        return Nodes.access(TestTokens.valid(Instant.now()).claim("cnf",
                Map.of("jkt", DpopProof.thumbprint(CLIENT.getPublic()))));
    }

    private static PossessionProof presented(String proof) {
        return PossessionProof.builder().dpopScheme(true).dpopProofs(List.of(proof)).method("GET").urls(List.of(URL))
                .build();
    }

    private static RejectionReason check(ZeroTrust node, String token, String proof) {
        return Nodes.reasonOf(() -> {
            VerifiedToken v = node.verifier().verify(token);
            node.senderConstraints().check(v, token, presented(proof));
        });
    }

    @Test
    void aProofAcceptedByOneNodeIsAReplayOnTheOther() {
        ZeroTrust a = node();
        ZeroTrust b = node();
        String token = token();
        String proof = DpopProof.of(CLIENT, "ES256").htm("GET").htu(URL).iat(Instant.now()).ath(token).sign();
        assertThat(check(a, token, proof)).isNull();
        assertThat(check(b, token, proof)).isEqualTo(RejectionReason.DPOP_REPLAYED);
        assertThat(check(a, token, proof)).isEqualTo(RejectionReason.DPOP_REPLAYED);
        String next = DpopProof.of(CLIENT, "ES256").htm("GET").htu(URL).iat(Instant.now()).ath(token).sign();
        assertThat(check(b, token, next)).isNull();
    }

    @Test
    void aNonceFromOneNodeIsAcceptedByTheOther() {
        settings.put("zt.dpop.nonce", "required");
        ZeroTrust a = node();
        ZeroTrust b = node();
        String token = token();
        String nonce = a.senderConstraints().nonce().orElseThrow();
        String proof = DpopProof.of(CLIENT, "ES256").htm("GET").htu(URL).iat(Instant.now()).ath(token).nonce(nonce)
                .sign();
        assertThat(check(b, token, proof)).isNull();
    }
}
