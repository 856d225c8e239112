package dev.zt.vectors;

import dev.zt.internal.token.TokenVerifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.testing.MutableClock;
import dev.zt.testing.Signer;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.TokenVerifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 7515 appendix A/E and RFC 7520 section 4 examples (RFC 7797 for b64). */
class RfcVectorsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rfc7515(String id) {
        for (Object o : (List<Object>) Vectors.load("rfc7515/rfc7515_appendixA.json").get("examples")) {
            Map<String, Object> e = (Map<String, Object>) o;
            if (id.equals(e.get("id"))) {
                return e;
            }
        }
        throw new IllegalArgumentException(id);
    }

    private static RejectionReason reason(TokenVerifier v, String token) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> v.verify(token));
        assertThat(e).isNotNull();
        return e.reason();
    }

    /**
     * Full verification with the clock pinned to the vectors' validity: every check up to the audience passes (the
     * examples carry no {@code aud}, which zt always requires), and one second later the token has expired.
     */
    @ParameterizedTest
    @ValueSource(strings = {"RFC7515-A.1", "RFC7515-A.2", "RFC7515-A.3"})
    void rfc7515WhenVerifiedAtPinnedClockThenSignatureAndTimePassAndExpiryApplies(String id) {
        Map<String, Object> e = rfc7515(id);
        String alg = (String) e.get("alg");
        String jws = (String) e.get("jws");
        KeySet keys = Vectors.keys(e.get("jwk"));
        assertThatCode(() -> Vectors.verifyJws(jws, keys)).doesNotThrowAnyException();

        long validAt = ((Number) e.get("valid_at_epoch")).longValue();
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(validAt));
        ZtConfig config = ZtConfig.fromMap(Map.of("zt.issuer", "joe", "zt.audience", "zt-tests",
                "zt.algorithms", alg, "zt.clock-skew", "0s"));
        try (TokenVerifier v = TokenVerifiers.builder(config).clock(clock)
                .keySource("default", StaticKeySource.of(keys, id)).build()) {
            assertThat(reason(v, jws)).isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
            clock.set(Instant.ofEpochSecond(validAt + 1));
            assertThat(reason(v, jws)).isEqualTo(RejectionReason.TOKEN_EXPIRED);
            String[] p = jws.split("\\.");
            assertThat(reason(v, p[0] + "." + Signer.b64("{\"iss\":\"joe\",\"exp\":1300819380}") + "." + p[2]))
                    .isIn(RejectionReason.SIGNATURE_INVALID);
        }
    }

    @Test
    void rfc7515WhenUnsecuredOrCritThenRejected() {
        for (String id : new String[] {"RFC7515-A.5", "RFC7515-E"}) {
            String jws = (String) rfc7515(id).get("jws");
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                    () -> Vectors.verifyJws(jws, KeySet.empty()));
            assertThat(e.reason()).as(id).isIn(RejectionReason.ALGORITHM_NOT_ALLOWED, RejectionReason.HEADER_INVALID);
        }
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"4_1.rsa_v15_signature", "4_2.rsa-pss_signature", "4_3.ecdsa_signature",
        "4_4.hmac-sha2_integrity_protection"})
    void rfc7520WhenCompactExampleVerifiedThenAccepted(String name) {
        Map<String, Object> doc = Vectors.load("rfc7520/jws/" + name + ".json");
        Map<String, Object> input = (Map<String, Object>) doc.get("input");
        String compact = (String) ((Map<String, Object>) doc.get("output")).get("compact");
        KeySet keys = Vectors.keys(input.get("key"));
        assertThat(keys.size()).isEqualTo(1);
        assertThatCode(() -> Vectors.verifyJws(compact, keys)).doesNotThrowAnyException();
        String[] p = compact.split("\\.");
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> Vectors.verifyJws(p[0] + "." + Signer.b64("tampered") + "." + p[2], keys));
        assertThat(e.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @SuppressWarnings("unchecked")
    @Test
    void rfc7520WhenDetachedContentThenNotAccepted() {
        Map<String, Object> doc = Vectors.load("rfc7520/jws/4_5.signature_with_detached_content.json");
        String compact = (String) ((Map<String, Object>) doc.get("output")).get("compact");
        KeySet keys = Vectors.keys(((Map<String, Object>) doc.get("input")).get("key"));
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> Vectors.verifyJws(compact, keys));
        assertThat(e.reason()).isEqualTo(RejectionReason.SIGNATURE_INVALID);
    }

    @SuppressWarnings("unchecked")
    @Test
    void rfc7797WhenUnencodedPayloadThenHeaderInvalid() {
        Map<String, Object> doc = Vectors.load("rfc7520/rfc7797/4.2.hmac-sha2_b64_false.json");
        Map<String, Object> signing = (Map<String, Object>) doc.get("signing");
        String payload = (String) ((Map<String, Object>) doc.get("input")).get("payload");
        String compact = signing.get("protected_b64u") + "." + Signer.b64(payload) + "." + signing.get("sig");
        KeySet keys = Vectors.keys(((Map<String, Object>) doc.get("input")).get("key"));
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> Vectors.verifyJws(compact, keys));
        assertThat(e.reason()).isEqualTo(RejectionReason.HEADER_INVALID);
    }
}
