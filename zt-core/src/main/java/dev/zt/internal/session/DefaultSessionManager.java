package dev.zt.internal.session;

import dev.zt.config.SessionSettings;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionCheck;
import dev.zt.session.SessionManager;
import dev.zt.session.SessionView;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.WindowStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

import java.lang.System.Logger.Level;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** zt's session lifecycle over a {@link SessionStore}; see {@link SessionManager}. */
public final class DefaultSessionManager implements SessionManager {

    private static final System.Logger LOG = System.getLogger("dev.zt.session");
    private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(1);
    private static final int MAX_ATTEMPTS = 16;

    private final SessionSettings settings;
    private final Clock clock;
    private final SessionStore store;
    private final SigningKeys keys;
    private final RevocationStore revocations;
    private final WindowStore windows;
    private final boolean reportOnly;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the manager; {@code revocations} is the verifier's store, where logouts of origin sessions land;
     * {@code windows} counts session creations; in report-only mode nothing is revoked (would-be revocations are
     * logged).
     */
    public DefaultSessionManager(SessionSettings settings, Clock clock, SessionStore store, SigningKeys keys,
            RevocationStore revocations, WindowStore windows, boolean reportOnly) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.store = Objects.requireNonNull(store);
        this.keys = Objects.requireNonNull(keys);
        this.revocations = Objects.requireNonNull(revocations);
        this.windows = Objects.requireNonNull(windows);
        this.reportOnly = reportOnly;
    }

    @Override
    public IssuedSession create(VerifiedToken accessToken) {
        if (accessToken.isServiceToken()) {
            throw reject(RejectionReason.INVALID_REQUEST, "a service token speaks for a workload and is never exchanged"
                    + " for a user session");
        }
        String subject = accessToken.subject().orElseThrow(() -> new TokenRejectedException(
                RejectionReason.CLAIM_INVALID, "a session needs a token with sub"));
        return create(subject, accessToken.issuer(), accessToken.sessionId().orElse(null), accessToken.roles(),
                accessToken.scopes(), accessToken.acr().orElse(null), accessToken.authTime().orElse(null),
                accessToken.amr());
    }

    @Override
    public IssuedSession create(String subject, Set<String> roles, Set<String> scopes, String acr, Instant authTime,
            List<String> amr) {
        return create(subject, null, null, roles, scopes, acr, authTime, amr);
    }

    private IssuedSession create(String subject, String originIssuer, String originSessionId, Set<String> roles,
            Set<String> scopes, String acr, Instant authTime, List<String> amr) {
        Objects.requireNonNull(subject, "subject");
        int recent = storeCall(() -> windows.recordEvent("session-create " + subject, Duration.ofMinutes(1)));
        if (recent > settings.createPerSubject()) {
            if (!reportOnly) {
                throw reject(RejectionReason.RATE_LIMITED, "the subject created " + recent + " sessions in the last"
                        + " minute (zt.session.create-rate.per-subject " + settings.createPerSubject() + ")");
            }
            LOG.log(Level.INFO, "report-only: a session creation would be refused as rate-limited");
        }
        Instant now = now();
        String sid = randomId(16);
        String jti = randomId(16);
        Instant exp = expiry(now, now);
        SessionRecord draft = SessionRecord.builder().id(sid).subject(subject).originIssuer(originIssuer)
                .originSessionId(originSessionId)
                .roles(roles).scopes(scopes).acr(acr).authTime(authTime).amr(amr).createdAt(now).lastSeenAt(now)
                .currentTokenId(jti).currentToken("-").currentExpiresAt(exp).csrfToken(randomId(32)).build();
        String token = sign(draft, jti, now, exp);
        SessionRecord record = draft.next().currentToken(token).version(0).build();
        storeCall(() -> {
            store.create(record);
            return null;
        });
        enforcePerSubjectLimit(subject, sid);
        return issued(record);
    }

    /** Ends the subject's oldest live sessions beyond {@code zt.session.max-per-subject}. */
    private void enforcePerSubjectLimit(String subject, String created) {
        List<String> ids = storeCall(() -> store.sessionsOf(subject));
        if (ids.size() <= settings.maxPerSubject()) {
            return;
        }
        Instant now = now();
        List<String> live = new ArrayList<>();
        for (String id : ids) {
            Optional<SessionRecord> r = record(id);
            if (r.isPresent() && usable(r.get(), now)) {
                live.add(id);
            }
        }
        for (int i = 0; live.size() - i > settings.maxPerSubject(); i++) {
            String oldest = live.get(i);
            if (!oldest.equals(created)) {
                revokeFor(oldest, "the subject holds more than zt.session.max-per-subject sessions (oldest ended)");
            }
        }
    }

    private boolean usable(SessionRecord r, Instant now) {
        return !r.revoked() && now.isBefore(r.createdAt().plus(settings.maxLifetime()))
                && !now.isAfter(r.lastSeenAt().plus(settings.idleTimeout()));
    }

    @Override
    public boolean isSessionToken(VerifiedToken token) {
        return ISSUER_NAME.equals(token.issuerName());
    }

    @Override
    public SessionCheck check(VerifiedToken token) {
        String sid = token.sessionId().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID,
                "session token without sid"));
        String jti = token.tokenId().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID,
                "session token without jti"));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = now();
            SessionRecord rec = live(sid, now);
            if (!jti.equals(rec.currentTokenId())) {
                if (jti.equals(rec.previousTokenId()) && rec.previousReplacedAt() != null
                        && !now.isAfter(rec.previousReplacedAt().plus(settings.rotationGrace()))) {
                    // a request that raced the rotation: it succeeds and learns the current token
                    SessionRecord touched = touch(rec, now);
                    return new SessionCheck(touched.view(), touched.csrfToken(), issued(rec));
                }
                revokeFor(sid, "a replaced token was presented after the rotation grace: revoked as stolen");
                throw reject(RejectionReason.TOKEN_REUSED, "a replaced session token was presented again");
            }
            Instant absoluteEnd = rec.createdAt().plus(settings.maxLifetime());
            boolean due = Duration.between(now, rec.currentExpiresAt()).compareTo(settings.refreshBefore()) < 0;
            if (due && rec.currentExpiresAt().isBefore(absoluteEnd)) {
                SessionRecord rotated = rotate(rec, now, rec.acr(), rec.authTime());
                if (replace(rec, rotated)) {
                    return new SessionCheck(rotated.view(), rotated.csrfToken(), issued(rotated));
                }
                continue; // another request rotated first: look again
            }
            SessionRecord touched = touch(rec, now);
            return new SessionCheck(touched.view(), touched.csrfToken(), null);
        }
        throw reject(RejectionReason.STORE_UNAVAILABLE, "session state kept changing");
    }

    @Override
    public IssuedSession stepUp(String sessionId, String acr, Instant authTime) {
        return stepUp(sessionId, acr, authTime, null, false);
    }

    @Override
    public IssuedSession stepUp(String sessionId, String acr, Instant authTime, String deviceId) {
        return stepUp(sessionId, acr, authTime, Objects.requireNonNull(deviceId, "deviceId"), true);
    }

    @Override
    public Optional<IssuedSession> stepUp(String sessionId, VerifiedToken token, String deviceId) {
        Optional<SessionRecord> found = record(sessionId);
        if (found.isEmpty() || token.isServiceToken() || token.acr().isEmpty()) {
            return Optional.empty();
        }
        SessionRecord rec = found.get();
        boolean sameOrigin = rec.originIssuer() != null && rec.originIssuer().equals(token.issuer())
                && token.subject().filter(rec.subject()::equals).isPresent();
        if (!sameOrigin || lower(token.acr().get(), rec.acr())) {
            return Optional.empty(); // another issuer, another subject, or a weaker acr: never this session
        }
        // auth_time is the token's own; without one the session cannot meet a max-age (never the clock)
        return Optional.of(stepUp(sessionId, token.acr().get(), token.authTime().orElse(null), deviceId,
                deviceId != null));
    }

    private IssuedSession stepUp(String sessionId, String acr, Instant authTime, String deviceId, boolean rebind) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = now();
            SessionRecord rec = live(sessionId, now);
            String newAcr = acr;
            Instant newAuthTime = authTime;
            if (lower(acr, rec.acr())) {
                newAcr = rec.acr(); // acr never goes down
                newAuthTime = rec.authTime();
            } else if (acr.equals(rec.acr()) && rec.authTime() != null
                    && (authTime == null || authTime.isBefore(rec.authTime()))) {
                newAuthTime = rec.authTime(); // an older authentication never moves auth_time back
            }
            SessionRecord rotated = rotate(rec, now, newAcr, newAuthTime);
            if (rebind) {
                rotated = rotated.next().version(rotated.version()).deviceId(deviceId).build();
            }
            if (replace(rec, rotated)) {
                return issued(rotated);
            }
        }
        throw reject(RejectionReason.STORE_UNAVAILABLE, "session state kept changing");
    }

    /** True when {@code candidate} ranks below {@code current} in {@code zt.session.acr-order}. */
    private boolean lower(String candidate, String current) {
        if (current == null || candidate.equals(current)) {
            return false;
        }
        int c = settings.acrOrder().indexOf(candidate);
        int r = settings.acrOrder().indexOf(current);
        return c >= 0 && r >= 0 && c < r; // values not ranked cannot be compared: the origin issuer's word stands
    }

    @Override
    public String bindDevice(String sessionId, String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SessionRecord rec = live(sessionId, now());
            if (rec.deviceId() != null) {
                return rec.deviceId();
            }
            if (replace(rec, rec.next().deviceId(deviceId).build())) {
                return deviceId;
            }
        }
        throw reject(RejectionReason.STORE_UNAVAILABLE, "session state kept changing");
    }

    @Override
    public void revoke(String sessionId) {
        markRevoked(sessionId);
    }

    @Override
    public RejectionReason revokeCaller(VerifiedToken token) {
        if (isSessionToken(token)) {
            markRevoked(token.sessionId().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID,
                    "session token without sid")));
            return RejectionReason.SESSION_REVOKED;
        }
        if (token.tokenId().isEmpty()) {
            return RejectionReason.RISK_DENIED;
        }
        try {
            revocations.revokeToken(token.issuer(), token.tokenId().get(), token.expiresAt());
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the revocation store could not"
                    + " record the revocation (" + e.getClass().getSimpleName() + ")", e);
        }
        return RejectionReason.TOKEN_REVOKED;
    }

    /** A revocation zt decides on (reuse, logout at the origin, the per-subject limit): not in report-only mode. */
    private void revokeFor(String sessionId, String why) {
        if (reportOnly) {
            LOG.log(Level.INFO, "report-only: session {0} would be revoked: {1}", sessionId, why);
            return;
        }
        LOG.log(Level.WARNING, "session {0} revoked: {1}", sessionId, why);
        markRevoked(sessionId);
    }

    @Override
    public void logout(VerifiedToken logoutToken) {
        String iss = logoutToken.issuer();
        Optional<String> originSid = logoutToken.sessionId();
        Optional<String> subject = logoutToken.subject();
        if (originSid.isEmpty() && subject.isEmpty()) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs sub or sid");
        }
        Instant now = now();
        try {
            if (originSid.isPresent()) {
                // the provider session's tokens and the sessions exchanged from them, however long they could live
                revocations.revokeSession(iss, originSid.get(), now.plus(settings.maxLifetime()));
            } else {
                revocations.revokeSubject(iss, subject.get(), logoutToken.issuedAt().orElse(now));
            }
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the revocation store could not"
                    + " record the logout (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * True when the identity provider logged out the credential this session was exchanged from: the session is
     * looked up in the revocation store as a token of its origin issuer with the origin {@code sid} and {@code sub},
     * issued when the session was created.
     */
    private boolean originLoggedOut(SessionRecord rec) {
        VerifiedToken asOrigin = VerifiedToken.builder().issuerName("origin").algorithm("-")
                .issuer(rec.originIssuer()).subject(rec.subject()).sessionId(rec.originSessionId())
                .issuedAt(rec.createdAt()).expiresAt(rec.createdAt().plus(settings.maxLifetime()))
                .claims(Map.of()).build();
        try {
            return revocations.isRevoked(asOrigin);
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the revocation store could not"
                    + " answer (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public Optional<SessionView> find(String sessionId) {
        return record(sessionId).map(SessionRecord::view);
    }

    private Optional<SessionRecord> record(String sessionId) {
        return storeCall(() -> store.find(sessionId));
    }

    private void markRevoked(String sid) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<SessionRecord> rec = record(sid);
            if (rec.isEmpty() || rec.get().revoked()) {
                return;
            }
            if (replace(rec.get(), rec.get().next().revoked(true).build())) {
                return;
            }
        }
        throw reject(RejectionReason.STORE_UNAVAILABLE, "could not record the session revocation");
    }

    /** The session, refusing unknown, revoked, idle and over-age ones. */
    private SessionRecord live(String sid, Instant now) {
        SessionRecord rec = record(sid).orElseThrow(() -> reject(RejectionReason.SESSION_EXPIRED,
                "the session is not known here (expired and forgotten, or created on a node that shares no session"
                        + " store with this one)"));
        if (rec.revoked()) {
            throw reject(RejectionReason.SESSION_REVOKED, "the session was revoked");
        }
        if (rec.originIssuer() != null && originLoggedOut(rec)) {
            revokeFor(sid, "the identity provider logged out the session it was created from");
            throw reject(RejectionReason.SESSION_REVOKED, "the identity provider logged out the session this one was"
                    + " created from");
        }
        if (!now.isBefore(rec.createdAt().plus(settings.maxLifetime()))) {
            throw reject(RejectionReason.SESSION_EXPIRED, "the session reached zt.session.max-lifetime");
        }
        if (now.isAfter(rec.lastSeenAt().plus(settings.idleTimeout()))) {
            throw reject(RejectionReason.SESSION_EXPIRED, "the session was idle longer than zt.session.idle-timeout");
        }
        return rec;
    }

    private SessionRecord rotate(SessionRecord rec, Instant now, String acr, Instant authTime) {
        String jti = randomId(16);
        Instant exp = expiry(now, rec.createdAt());
        SessionRecord draft = rec.next().acr(acr).authTime(authTime).previousTokenId(rec.currentTokenId())
                .previousReplacedAt(now).currentTokenId(jti).currentExpiresAt(exp).lastSeenAt(now).build();
        return draft.next().version(rec.version() + 1).currentToken(sign(draft, jti, now, exp)).build();
    }

    private SessionRecord touch(SessionRecord rec, Instant now) {
        if (Duration.between(rec.lastSeenAt(), now).compareTo(TOUCH_GRANULARITY) < 0) {
            return rec;
        }
        SessionRecord touched = rec.next().lastSeenAt(now).build();
        return replace(rec, touched) ? touched : rec; // losing to a concurrent update is fine: it touched too
    }

    private Instant expiry(Instant now, Instant createdAt) {
        Instant exp = now.plus(settings.ttl());
        Instant absoluteEnd = createdAt.plus(settings.maxLifetime());
        Instant end = exp.isBefore(absoluteEnd) ? exp : absoluteEnd;
        return Instant.ofEpochSecond(end.getEpochSecond()); // JWT NumericDate precision
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private String sign(SessionRecord rec, String jti, Instant now, Instant exp) {
        JwtBuilder b = Jwts.builder()
                .header().keyId(keys.verificationKey().keyIdOrNull()).type(TOKEN_TYPE).and()
                .issuer(settings.issuer())
                .audience().single(settings.issuer())
                .subject(rec.subject())
                .id(jti)
                .issuedAt(Date.from(now))
                .expiration(Date.from(exp))
                .claim("sid", rec.id());
        if (!rec.roles().isEmpty()) {
            b.claim("roles", List.copyOf(rec.roles()));
        }
        if (!rec.scopes().isEmpty()) {
            b.claim("scope", String.join(" ", rec.scopes()));
        }
        if (rec.acr() != null) {
            b.claim("acr", rec.acr());
        }
        if (rec.authTime() != null) {
            b.claim("auth_time", rec.authTime().getEpochSecond());
        }
        if (!rec.amr().isEmpty()) {
            b.claim("amr", rec.amr());
        }
        SecureDigestAlgorithm alg = (SecureDigestAlgorithm) Jwts.SIG.get().forKey(keys.algorithm());
        return b.signWith((PrivateKey) keys.privateKey(), alg).compact();
    }

    private IssuedSession issued(SessionRecord rec) {
        return new IssuedSession(rec.id(), rec.currentToken(), rec.currentExpiresAt(), rec.csrfToken());
    }

    private boolean replace(SessionRecord expected, SessionRecord updated) {
        return storeCall(() -> store.replace(expected, updated));
    }

    private <T> T storeCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (TokenRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the session store could not answer"
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private String randomId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static TokenRejectedException reject(RejectionReason reason, String message) {
        return new TokenRejectedException(reason, message);
    }
}
