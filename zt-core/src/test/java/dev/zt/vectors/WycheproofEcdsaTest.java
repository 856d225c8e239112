package dev.zt.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.token.Algorithms;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wycheproof signature vectors through the same signature check zt uses for tokens, with the JDK's providers and with
 * Bouncy Castle as the opt-in {@code zt.crypto.provider}: no invalid signature is accepted, and every valid one is.
 * ECDSA P-256 / SHA-256 in IEEE P1363 form (r || s, the JWS ES256 encoding; including r = 0 or s = 0,
 * CVE-2022-21449) and Ed25519 (JWS EdDSA; non-canonical encodings, small-order points, malleated signatures — the
 * JDK 17 provider accepts a signature with a byte appended, tcId 37, which zt's length check refuses).
 */
class WycheproofEcdsaTest {

    /**
     * Valid ECDSA signatures whose r was reduced mod n (x-coordinate of k*G larger than n). The JDK 17 provider
     * (through jjwt) rejects them. A signer produces such an r with probability about 2^-128, and rejecting a valid
     * signature fails closed, so these are recorded rather than worked around.
     */
    private static final Set<Object> VALID_BUT_REJECTED_BY_JDK = Set.of(115L, 257L);

    /**
     * Valid Ed25519 signatures of the empty message, which the JDK 17 provider rejects. A JWS signing input is never
     * empty (it holds at least the '.'), so tokens are not affected; rejecting fails closed.
     */
    private static final Set<Object> EMPTY_MESSAGE_REJECTED_BY_JDK = Set.of(1L, 71L, 80L, 102L);

    private static Provider provider(String name) {
        return name.equals("jdk") ? null : new BouncyCastleProvider();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "BC"})
    void es256WhenWycheproofP1363VectorsThenNoInvalidSignatureAccepted(String providerName) {
        int count = check("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json", "EC", "ES256", provider(providerName),
                providerName.equals("jdk") ? VALID_BUT_REJECTED_BY_JDK : Set.of());
        assertThat(count).isGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "BC"})
    void eddsaWhenWycheproofEd25519VectorsThenNoInvalidSignatureAccepted(String providerName) {
        int count = check("wycheproof/ed25519_test.json", "Ed25519", "EdDSA", provider(providerName),
                providerName.equals("jdk") ? EMPTY_MESSAGE_REJECTED_BY_JDK : Set.of());
        assertThat(count).isEqualTo(151);
    }

    @SuppressWarnings("unchecked")
    private static int check(String file, String keyAlgorithm, String alg, Provider provider, Set<Object> mayReject) {
        Map<String, Object> doc = Vectors.load(file);
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Object g : (List<Object>) doc.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            PublicKey key = keyOf(group, keyAlgorithm);
            for (Object t : (List<Object>) group.get("tests")) {
                Map<String, Object> test = (Map<String, Object>) t;
                byte[] msg = HexFormat.of().parseHex((String) test.get("msg"));
                byte[] sig = HexFormat.of().parseHex((String) test.get("sig"));
                boolean accepted = key != null && Algorithms.verify(alg, key, msg, sig, provider);
                String result = (String) test.get("result");
                if (accepted && "invalid".equals(result)
                        || !accepted && "valid".equals(result) && !mayReject.contains(test.get("tcId"))) {
                    problems.add("tcId " + test.get("tcId") + " (" + test.get("comment") + "): " + result + " but "
                            + (accepted ? "accepted" : "rejected"));
                }
                count++;
            }
        }
        assertThat(problems).isEmpty();
        return count;
    }

    private static PublicKey keyOf(Map<String, Object> group, String keyAlgorithm) {
        try {
            byte[] der = HexFormat.of().parseHex((String) group.get("publicKeyDer"));
            return KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
