package dev.zt.internal.token;

import dev.zt.config.TransmitterConfig;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the Security Event Tokens (RFC 8417) of one Shared Signals transmitter, as OpenID Shared Signals Framework
 * 1.0 section 4 profiles them: strict compact JWS, {@code typ} {@code secevent+jwt} (4.1.1), an asymmetric algorithm
 * of the transmitter's allowlist, its key, the exact {@code iss}, an accepted {@code aud}, {@code iat} neither in the
 * future nor older than {@code zt.ssf.max-set-age}, {@code jti}, no {@code sub} claim (4.1.2), a {@code sub_id}
 * (4.1.3) and exactly one event (4.1.7). Each failure names its RFC 8935 error code
 * ({@link Failure#code}): {@code invalid_key} for a signature or key, {@code invalid_issuer},
 * {@code invalid_audience}, else {@code invalid_request}.
 */
public final class SecurityEventTokens {

    /** The explicit type of SETs (RFC 8417 section 2.3, SSF 1.0 section 4.1.1). */
    public static final String SET_TYP = "secevent+jwt";
    private final TransmitterConfig transmitter;
    private final KeySource keys;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration skew;
    private final int maxLength;

    /**
     * A verifier of one transmitter's SETs.
     *
     * @param skew how far in the future an {@code iat} may lie: the subjects issuer's {@code clock-skew}
     */
    public SecurityEventTokens(TransmitterConfig transmitter, KeySource keys, Clock clock, Duration maxAge,
            Duration skew, int maxLength) {
        this.transmitter = transmitter;
        this.keys = keys;
        this.clock = clock;
        this.maxAge = maxAge;
        this.skew = skew;
        this.maxLength = maxLength;
    }

    /** A SET that was refused, with its RFC 8935 section 2.3 error code and a description for the audit log. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        /** {@code invalid_request}, {@code invalid_key}, {@code invalid_issuer} or {@code invalid_audience}. */
        public final String code;
        /** Whether the transmitter's keys could not be had (retry later) rather than the SET being wrong. */
        public final boolean keysUnavailable;

        Failure(String code, String description, boolean keysUnavailable) {
            super(description, null, false, false);
            this.code = code;
            this.keysUnavailable = keysUnavailable;
        }
    }

    /** A verified SET: what zt acts on. Immutable. */
    public static final class Verified {
        /** The transmitter's name. */
        public final String transmitter;
        /** {@code iss}. */
        public final String issuer;
        /** {@code jti}. */
        public final String id;
        /** {@code iat}. */
        public final Instant issuedAt;
        /** {@code txn}, when present. */
        public final String transaction;
        /** The one event's type URI. */
        public final String eventType;
        /** The one event's members. */
        public final Map<String, Object> event;
        /** {@code sub_id}. */
        public final Map<String, Object> subject;

        Verified(String transmitter, String issuer, String id, Instant issuedAt, String transaction, String eventType,
                Map<String, Object> event, Map<String, Object> subject) {
            this.transmitter = transmitter;
            this.issuer = issuer;
            this.id = id;
            this.issuedAt = issuedAt;
            this.transaction = transaction;
            this.eventType = eventType;
            this.event = event;
            this.subject = subject;
        }
    }

    /**
     * Verifies a SET.
     *
     * @throws Failure naming the RFC 8935 error code
     */
    public Verified verify(String set) throws Failure {
        if (set == null || set.isEmpty() || set.length() > maxLength) {
            throw new Failure("invalid_request", set == null || set.isEmpty() ? "no SET" : "the SET is longer than "
                    + maxLength + " characters", false);
        }
        try {
            return check(set);
        } catch (TokenRejectedException e) {
            RejectionReason r = e.reason();
            boolean keysDown = r == RejectionReason.KEY_SOURCE_UNAVAILABLE;
            String code = keysDown || r == RejectionReason.SIGNATURE_INVALID || r == RejectionReason.KEY_UNKNOWN
                    ? "invalid_key" : "invalid_request";
            throw new Failure(code, r.code() + ": " + e.description(), keysDown);
        }
    }

    private Verified check(String set) throws Failure {
        CompactJws jws = CompactJws.parse(set);
        String alg = JwsVerifier.checkHeader(jws.header(), transmitter.algorithms());
        Object typ = jws.header().get("typ");
        if (!(typ instanceof String) || !TokenShape.typMatches(SET_TYP, (String) typ)) {
            throw new Failure("invalid_request", "typ must be " + SET_TYP + " (SSF 1.0 section 4.1.1)", false);
        }
        Map<String, Object> claims = jws.claims();
        if (!transmitter.issuer().equals(claims.get("iss"))) {
            throw new Failure("invalid_issuer", "iss is not the transmitter's issuer", false);
        }
        VerificationKey key = JwsVerifier.selectKey(alg, (String) jws.header().get("kid"), keys);
        JwsVerifier.verifySignature(jws, alg, key);
        Set<String> audiences = Claims.audiences(claims);
        if (audiences.stream().noneMatch(transmitter.audiences()::contains)) {
            throw new Failure("invalid_audience", audiences.isEmpty() ? "the SET has no aud"
                    : "aud does not name this receiver", false);
        }
        long now = clock.millis();
        long iat = Claims.numericDate(claims, "iat", false);
        if (iat == Long.MIN_VALUE) {
            throw new Failure("invalid_request", "the SET has no iat", false);
        }
        if (iat > now + skew.toMillis()) {
            throw new Failure("invalid_request", "iat lies in the future", false);
        }
        if (iat < now - maxAge.toMillis()) {
            throw new Failure("invalid_request", "the SET was issued longer ago than zt.ssf.max-set-age", false);
        }
        long exp = Claims.numericDate(claims, "exp", false);
        if (exp != Long.MIN_VALUE && exp <= now) {
            throw new Failure("invalid_request", "the SET has expired", false);
        }
        String jti = Claims.string(claims, "jti");
        if (jti == null || jti.isEmpty() || jti.length() > 256) {
            throw new Failure("invalid_request", "the SET needs a jti of at most 256 characters", false);
        }
        if (claims.containsKey("sub")) {
            throw new Failure("invalid_request", "a SET must not carry sub (SSF 1.0 section 4.1.2); it names its"
                    + " subject in sub_id", false);
        }
        Map<String, Object> events = Claims.object(claims, "events");
        if (events == null || events.size() != 1) {
            throw new Failure("invalid_request", "a SET carries exactly one event (SSF 1.0 section 4.1.7)", false);
        }
        Map.Entry<String, Object> event = events.entrySet().iterator().next();
        if (!(event.getValue() instanceof Map)) {
            throw new Failure("invalid_request", "the event is not an object", false);
        }
        Map<String, Object> subject = Claims.object(claims, "sub_id");
        if (subject == null) {
            throw new Failure("invalid_request", "the SET has no sub_id (SSF 1.0 section 4.1.3)", false);
        }
        Object txn = claims.get("txn");
        if (txn != null && !(txn instanceof String)) {
            throw new Failure("invalid_request", "txn is not a string", false);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) event.getValue();
        return new Verified(transmitter.name(), transmitter.issuer(), jti, Instant.ofEpochMilli(iat), (String) txn,
                event.getKey(), members, subject);
    }
}
