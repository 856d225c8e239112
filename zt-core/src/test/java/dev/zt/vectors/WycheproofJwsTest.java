package dev.zt.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.spi.keys.KeySet;
import dev.zt.token.TokenRejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Project Wycheproof JWS and JWK vectors, verified at the JWS layer (their payloads are not claim sets). No invalid
 * vector may be accepted. Four vectors of group "base64" are mislabelled upstream (C2SP/wycheproof#236): 367 and 370
 * are byte-identical to valid 357; 372 and 373 contain '?' and are labelled valid. zt rejects 372/373 (not base64url)
 * and accepts 367/370 (valid signatures); both are recorded here, not hidden.
 */
class WycheproofJwsTest {

    private static final Set<Integer> LABELLED_INVALID_BUT_VALID = Set.of(367, 370);
    private static final Set<Integer> LABELLED_VALID_BUT_MALFORMED = Set.of(372, 373);
    /**
     * RFC 7520 figures 20 and 27 as Wycheproof embeds them: the JWK pins {@code alg} PS256 (resp. the non-existent
     * ES521) while the token uses PS384 (resp. ES512). zt uses a key only with the algorithm its JWK names (RFC 7517
     * section 4.4, RFC 8725 section 3.1), so it rejects them on purpose; RFC7520VectorsTest verifies the same
     * signatures with the keys as RFC 7520 publishes them.
     */
    private static final Set<Integer> STRICTER_BY_DESIGN = Set.of(346, 347, 350, 351);

    @Test
    void jwsVectorsWhenVerifiedThenNoInvalidAcceptedAndEveryValidAccepted() {
        List<String> problems = run("wycheproof/json_web_signature_test.json");
        assertThat(problems).isEmpty();
    }

    @Test
    void jwkVectorsWhenVerifiedThenNoInvalidAcceptedAndEveryValidAccepted() {
        List<String> problems = run("wycheproof/json_web_key_test.json");
        assertThat(problems).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> run(String file) {
        Map<String, Object> doc = Vectors.load(file);
        List<String> problems = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (Object g : (List<Object>) doc.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            Object keyMaterial = group.containsKey("public") ? group.get("public") : group.get("private");
            KeySet keys = Vectors.keys(keyMaterial);
            for (Object t : (List<Object>) group.get("tests")) {
                Map<String, Object> test = (Map<String, Object>) t;
                int id = ((Number) test.get("tcId")).intValue();
                boolean expectValid = "valid".equals(test.get("result"));
                if (LABELLED_INVALID_BUT_VALID.contains(id) && file.contains("signature")) {
                    expectValid = true;
                }
                if ((LABELLED_VALID_BUT_MALFORMED.contains(id) || STRICTER_BY_DESIGN.contains(id))
                        && file.contains("signature")) {
                    expectValid = false;
                }
                boolean accepted;
                try {
                    Vectors.verifyJws((String) test.get("jws"), keys);
                    accepted = true;
                } catch (TokenRejectedException e) {
                    accepted = false;
                }
                if (accepted != expectValid) {
                    problems.add("tcId " + id + " (" + group.get("comment") + "/" + test.get("comment") + "): expected "
                            + (expectValid ? "valid" : "invalid") + " but was " + (accepted ? "accepted" : "rejected"));
                }
                if (expectValid) {
                    valid++;
                } else {
                    invalid++;
                }
            }
        }
        assertThat(valid + invalid).as("vectors run").isGreaterThan(20);
        return problems;
    }
}
