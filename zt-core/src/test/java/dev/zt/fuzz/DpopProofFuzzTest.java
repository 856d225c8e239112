package dev.zt.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.DpopProof;
import dev.zt.testing.Signer;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.PossessionProof;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * DPoP proofs from an attacker: arbitrary header values, and genuinely signed proofs with fuzzed header and claims, for
 * a DPoP-bound token and a fuzzed method and URL. Only {@link TokenRejectedException} may come out: never another
 * exception, never an accepted proof that is not the client's.
 */
class DpopProofFuzzTest {

    private static final ZeroTrust ENGINE = ZeroTrust.builder(ZtConfig.fromMap(Map.of("zt.issuer", TestTokens.ISSUER,
            "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256", "zt.dpop.max-age", "10m")))
            .keySource("default", StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                    TestKeys.RSA.getPublic()))), "fuzz")).build();
    private static final String TOKEN = TestTokens.valid(Instant.now()).kid("k1").claim("exp",
            Instant.now().plusSeconds(3600).getEpochSecond()).claim("cnf", Map.of("jkt",
            DpopProof.thumbprint(TestKeys.EC.getPublic()))).sign("RS256", TestKeys.RSA.getPrivate());
    private static final VerifiedToken VERIFIED = ENGINE.verifier().verify(TOKEN);

    @FuzzTest(maxDuration = "15s")
    void checkOnlyRejects(FuzzedDataProvider data) {
        String method = data.consumeString(10);
        String url = data.consumeString(100);
        String proof;
        if (data.consumeBoolean()) {
            proof = data.consumeRemainingAsString();
        } else {
            String header = data.consumeString(400);
            String claims = data.consumeRemainingAsString();
            proof = Signer.compact(header, claims, "ES256", TestKeys.EC.getPrivate());
        }
        try {
            ENGINE.senderConstraints().check(VERIFIED, TOKEN, PossessionProof.builder().dpopScheme(true)
                    .dpopProofs(List.of(proof)).method(method).urls(List.of(url)).build());
        } catch (TokenRejectedException expected) {
            return;
        }
    }
}
