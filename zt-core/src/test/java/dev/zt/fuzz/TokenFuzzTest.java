package dev.zt.fuzz;

import dev.zt.internal.token.TokenVerifiers;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.Signer;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.TokenVerifier;

import java.util.List;
import java.util.Map;

/**
 * The token parser and verifier on arbitrary tokens, and on genuine signing inputs with fuzzed header and claims:
 * only {@link TokenRejectedException} may come out.
 */
class TokenFuzzTest {

    private static final TokenVerifier VERIFIER = TokenVerifiers.builder(ZtConfig.fromMap(Map.of(
            "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "ES256,RS256")))
            .keySource("default", StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                    TestKeys.EC.getPublic()))), "fuzz")).build();

    @FuzzTest(maxDuration = "15s")
    void verifyOnlyRejects(FuzzedDataProvider data) {
        String token;
        if (data.consumeBoolean()) {
            token = data.consumeRemainingAsString();
        } else {
            String header = data.consumeString(200);
            String claims = data.consumeRemainingAsString();
            token = Signer.compact(header, claims, "ES256", TestKeys.EC.getPrivate());
        }
        try {
            VERIFIER.verify(token);
        } catch (TokenRejectedException expected) {
            return;
        }
    }
}
