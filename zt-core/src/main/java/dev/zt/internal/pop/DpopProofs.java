package dev.zt.internal.pop;

import dev.zt.config.DpopSettings;
import dev.zt.internal.keys.JwkSets;
import dev.zt.internal.token.Algorithms;
import dev.zt.internal.token.CompactJws;
import dev.zt.internal.token.JwsVerifier;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.spi.store.ReplayCache;
import dev.zt.token.PossessionProof;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a DPoP proof (RFC 9449 section 4.3), cheapest checks first so that junk costs no signature check and no
 * replay-cache entry: one {@code DPoP} header of bounded length; a compact JWS whose header passes zt's JWS rules, with
 * {@code typ} {@code dpop+jwt}, an allowed asymmetric {@code alg} and a public {@code jwk}; {@code jti}, {@code htm},
 * {@code htu}, {@code iat} and {@code ath} present and right for this request and token; the key's thumbprint equal to
 * the token's {@code cnf.jkt}; the server nonce when required; the signature; and last the {@code jti}, which must be
 * new within the proof's window in the shared replay cache.
 */
final class DpopProofs {

    /** The longest {@code DPoP} header accepted (an RSA-4096 proof is about 1.5 KiB). */
    static final int MAX_PROOF_LENGTH = 8192;
    /** The longest {@code jti} accepted. */
    static final int MAX_JTI_LENGTH = 256;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final DpopSettings settings;
    private final Clock clock;
    private final ReplayCache replays;
    private final DpopNonces nonces;
    /** Algorithms verified with {@code zt.crypto.provider}, and that provider. */
    private final Map<String, java.security.Provider> providers;

    DpopProofs(DpopSettings settings, Clock clock, ReplayCache replays, DpopNonces nonces,
            Map<String, java.security.Provider> providers) {
        this.providers = providers;
        this.settings = settings;
        this.clock = clock;
        this.replays = replays;
        this.nonces = nonces;
    }

    /**
     * Verifies the request's proof for a token bound to {@code jkt}.
     *
     * @return a fresh nonce for the client when its own is about to expire, else null
     */
    String verify(PossessionProof p, String accessToken, String jkt, Duration skew) {
        List<String> headers = p.dpopProofs();
        if (headers.size() != 1) {
            throw invalid(headers.isEmpty() ? "the DPoP scheme without a DPoP header" : "more than one DPoP header");
        }
        String proof = headers.get(0).trim();
        if (proof.isEmpty() || proof.length() > MAX_PROOF_LENGTH) {
            throw invalid("the DPoP header is empty or longer than " + MAX_PROOF_LENGTH + " characters");
        }
        CompactJws jws;
        String alg;
        Map<String, Object> claims;
        try {
            jws = CompactJws.parse(proof);
            alg = JwsVerifier.checkHeader(jws.header(), settings.algorithms());
            claims = jws.claims();
        } catch (TokenRejectedException e) {
            throw invalid("proof: " + e.description());
        }
        Map<String, Object> header = jws.header();
        if (!(header.get("typ") instanceof String) || !((String) header.get("typ")).equalsIgnoreCase("dpop+jwt")) {
            throw invalid("typ is not dpop+jwt");
        }
        Object jwkValue = header.get("jwk");
        if (!(jwkValue instanceof Map)) {
            throw invalid("the header has no jwk object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) jwkValue;
        for (String m : PRIVATE_MEMBERS) {
            if (jwk.containsKey(m)) {
                throw invalid("the jwk holds private key material (" + m + ")");
            }
        }
        String jti = string(claims, "jti", MAX_JTI_LENGTH);
        String htm = string(claims, "htm", 32);
        String htu = string(claims, "htu", HttpUrls.MAX_LENGTH);
        long iat = iatMillis(claims.get("iat"));
        if (!htm.equals(p.method())) {
            throw invalid("htm is not the request's method");
        }
        if (!urlMatches(htu, p.urls())) {
            throw invalid("htu is not the request's URL");
        }
        long now = clock.millis();
        long window = settings.maxAge().toMillis() + skew.toMillis();
        if (now - iat > window) {
            throw invalid("the proof was issued more than zt.dpop.max-age ago");
        }
        if (iat - now > skew.toMillis()) {
            throw invalid("the proof was issued in the future");
        }
        Object ath = claims.get("ath");
        if (!(ath instanceof String)) {
            throw invalid("the proof has no ath (the access token's hash)");
        }
        if (!equal((String) ath, Thumbprints.accessToken(accessToken))) {
            throw mismatch("ath is not the presented token's hash: the proof was made for another token");
        }
        String thumbprint;
        try {
            thumbprint = Thumbprints.jwk(jwk);
        } catch (IllegalArgumentException e) {
            throw invalid("jwk: " + e.getMessage());
        }
        if (!equal(thumbprint, jkt)) {
            throw mismatch("the proof's key is not the key the token is bound to (cnf.jkt)");
        }
        String next = null;
        if (nonces != null) {
            Object nonce = claims.get("nonce");
            if (!(nonce instanceof String) || !nonces.valid((String) nonce)) {
                throw reject(RejectionReason.DPOP_NONCE_REQUIRED, nonce == null ? "the proof has no nonce"
                        : "the proof's nonce is not a current one");
            }
            next = nonces.stale((String) nonce) ? nonces.current() : null;
        }
        VerificationKey key;
        try {
            key = JwkSets.toKey(jwk, false);
        } catch (IllegalArgumentException e) {
            throw invalid("jwk is not a usable public key: " + e.getMessage());
        }
        if (!Algorithms.fits(alg, key)) {
            throw invalid("the jwk cannot be used with " + alg);
        }
        byte[] signature;
        try {
            signature = jws.signature();
        } catch (TokenRejectedException e) {
            throw invalid("signature: " + e.description());
        }
        if (!Algorithms.verify(alg, key.key(), jws.signingInput(), signature, providers.get(alg))) {
            throw invalid("the proof's signature does not verify");
        }
        boolean first;
        try {
            first = replays.firstUse("dpop " + Thumbprints.sha256((jkt + " " + jti).getBytes(StandardCharsets.UTF_8)),
                    Instant.ofEpochMilli(iat + window));
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the replay cache could not remember"
                    + " the DPoP proof", e);
        }
        if (!first) {
            throw reject(RejectionReason.DPOP_REPLAYED, "the proof's jti was used before");
        }
        return next;
    }

    private static boolean urlMatches(String htu, List<String> urls) {
        String normalized;
        try {
            normalized = HttpUrls.normalize(htu);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String u : urls) {
            try {
                if (HttpUrls.normalize(u).equals(normalized)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // the request's own URL cannot be normalised: nothing matches it
            }
        }
        return false;
    }

    private static String string(Map<String, Object> claims, String name, int max) {
        Object v = claims.get(name);
        if (!(v instanceof String) || ((String) v).isEmpty() || ((String) v).length() > max) {
            throw invalid(name + " is missing, not a string, or longer than " + max);
        }
        return (String) v;
    }

    private static long iatMillis(Object v) {
        long seconds;
        if (v instanceof Long || v instanceof Integer) {
            seconds = ((Number) v).longValue();
        } else if (v instanceof BigDecimal) {
            seconds = ((BigDecimal) v).longValue();
        } else if (v instanceof BigInteger) {
            throw invalid("iat is out of range");
        } else {
            throw invalid("iat is missing or not a number");
        }
        if (seconds < 0 || seconds > 253_402_300_799L) {
            throw invalid("iat is out of range");
        }
        return seconds * 1000;
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static TokenRejectedException reject(RejectionReason reason, String detail) {
        return new TokenRejectedException(reason, detail);
    }

    private static TokenRejectedException invalid(String detail) {
        return reject(RejectionReason.DPOP_PROOF_INVALID, detail);
    }

    private static TokenRejectedException mismatch(String detail) {
        return reject(RejectionReason.DPOP_BINDING_MISMATCH, detail);
    }
}
