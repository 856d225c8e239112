package dev.zt.internal.token;

import static dev.zt.internal.token.Rejections.reject;

import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.KeySourceException;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JWS layer: header rules, key selection and the signature. Claims are not looked at here.
 *
 * <p>Key selection never uses {@code jwk}, {@code jku}, {@code x5u} or {@code x5c} from the header (RFC 8725
 * section 3.10): keys come only from the issuer's configured {@link KeySource}.
 */
public final class JwsVerifier {

    private JwsVerifier() {
    }

    /**
     * Checks the header: {@code alg} present, not {@code none}, allowed; no {@code crit} (zt understands no
     * extension, RFC 7515 section 4.1.11), no {@code b64} (RFC 7797), no {@code zip}, no {@code enc}, no {@code cty}
     * (nested tokens are not accepted, RFC 8725 section 3.x); {@code kid} and {@code typ} are strings when present.
     *
     * @return the algorithm
     */
    public static String checkHeader(Map<String, Object> header, Set<String> allowed) {
        Object alg = header.get("alg");
        if (!(alg instanceof String)) {
            throw reject(RejectionReason.HEADER_INVALID, "the header has no alg string");
        }
        String a = (String) alg;
        if (a.equalsIgnoreCase("none")) {
            throw reject(RejectionReason.ALGORITHM_NOT_ALLOWED, "unsecured JWS (alg none) is never accepted");
        }
        if (header.containsKey("crit")) {
            throw reject(RejectionReason.HEADER_INVALID, "crit header present: zt supports no JWS extension");
        }
        if (header.containsKey("b64")) {
            throw reject(RejectionReason.HEADER_INVALID, "b64 header present: unencoded payloads are not accepted");
        }
        if (header.containsKey("enc") || header.containsKey("zip")) {
            throw reject(RejectionReason.HEADER_INVALID, "enc/zip header present: only compact JWS is accepted");
        }
        if (header.containsKey("cty")) {
            throw reject(RejectionReason.HEADER_INVALID, "cty header present: nested or non-JWT content is not"
                    + " accepted");
        }
        Object kid = header.get("kid");
        if (kid != null && (!(kid instanceof String) || ((String) kid).isEmpty())) {
            throw reject(RejectionReason.HEADER_INVALID, "kid is not a non-empty string");
        }
        if (header.containsKey("kid") && kid == null) {
            throw reject(RejectionReason.HEADER_INVALID, "kid is null");
        }
        Object typ = header.get("typ");
        if (header.containsKey("typ") && !(typ instanceof String)) {
            throw reject(RejectionReason.HEADER_INVALID, "typ is not a string");
        }
        if (!Algorithms.isSupported(a) || !allowed.contains(a)) {
            throw reject(RejectionReason.ALGORITHM_NOT_ALLOWED, "algorithm " + safe(a) + " is not allowed");
        }
        return a;
    }

    /**
     * Selects the key: with a {@code kid}, the key of that id (an unknown id asks the source to refresh once, rate
     * limited); without, the one key compatible with {@code alg}. Never "any key that verifies".
     */
    public static VerificationKey selectKey(String alg, String kid, KeySource source) {
        KeySet keys = keys(source, null);
        if (kid != null) {
            List<VerificationKey> candidates = keys.withId(kid);
            if (candidates.isEmpty()) {
                candidates = keys(source, kid).withId(kid);
            }
            if (candidates.isEmpty()) {
                throw reject(RejectionReason.KEY_UNKNOWN, "no key with the token's kid");
            }
            VerificationKey found = null;
            for (VerificationKey k : candidates) {
                if (Algorithms.fits(alg, k)) {
                    if (found != null) {
                        throw reject(RejectionReason.KEY_UNKNOWN, "several keys share the token's kid");
                    }
                    found = k;
                }
            }
            if (found == null) {
                throw reject(RejectionReason.ALGORITHM_NOT_ALLOWED, "the key named by kid cannot be used with "
                        + alg);
            }
            return found;
        }
        VerificationKey found = null;
        for (VerificationKey k : keys.all()) {
            if (Algorithms.fits(alg, k)) {
                if (found != null) {
                    throw reject(RejectionReason.KEY_UNKNOWN, "the token has no kid and several keys fit " + alg);
                }
                found = k;
            }
        }
        if (found == null) {
            throw reject(RejectionReason.KEY_UNKNOWN, "the token has no kid and no key fits " + alg);
        }
        return found;
    }

    /** Current keys, or after an unknown {@code kid}; any failure of the source is {@code key_source_unavailable}. */
    public static KeySet keys(KeySource source, String unknownKid) {
        try {
            KeySet k = unknownKid == null ? source.keys() : source.keysForUnknownKeyId(unknownKid);
            if (k == null) {
                throw new KeySourceException("key source returned no key set");
            }
            return k;
        } catch (TokenRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.KEY_SOURCE_UNAVAILABLE, "keys of the issuer are"
                    + " unavailable (" + source.description() + ")", e);
        }
    }

    /** Verifies the signature with the selected key. */
    public static void verifySignature(CompactJws jws, String alg, VerificationKey key) {
        verifySignature(jws, alg, key, null);
    }

    /** Verifies the signature with {@code provider}'s implementation, or the JDK's when it is null. */
    public static void verifySignature(CompactJws jws, String alg, VerificationKey key, java.security.Provider provider) {
        byte[] signature = jws.signature();
        if (!Algorithms.verify(alg, key.key(), jws.signingInput(), signature, provider)) {
            throw reject(RejectionReason.SIGNATURE_INVALID, "the signature does not verify");
        }
    }

    /** A header value safe to put in a message: short and printable. */
    static String safe(String s) {
        if (s.length() > 20 || !s.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
            return "(unprintable or long value)";
        }
        return "'" + s + "'";
    }
}
