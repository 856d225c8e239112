package dev.zt.internal.session;

import dev.zt.config.ZtConfig.SessionSettings;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionCheck;
import dev.zt.session.SessionManager;
import dev.zt.spi.RevocationStore;
import dev.zt.spi.SessionRecord;
import dev.zt.spi.SessionStore;
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
    private final SecureRandom random = new SecureRandom();

    /** Creates the manager; {@code revocations} is the verifier's store, where logouts of origin sessions land. */
    public DefaultSessionManager(SessionSettings settings, Clock clock, SessionStore store, SigningKeys keys,
            RevocationStore revocations) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.store = Objects.requireNonNull(store);
        this.keys = Objects.requireNonNull(keys);
        this.revocations = Objects.requireNonNull(revocations);
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
        return issued(record);
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
                    return new SessionCheck(touch(rec, now), issued(rec));
                }
                markRevoked(sid);
                LOG.log(Level.WARNING, "session {0}: a replaced token was presented after the rotation grace;"
                        + " the session is revoked as stolen", sid);
                throw reject(RejectionReason.TOKEN_REUSED, "a replaced session token was presented again");
            }
            Instant absoluteEnd = rec.createdAt().plus(settings.maxLifetime());
            boolean due = Duration.between(now, rec.currentExpiresAt()).compareTo(settings.refreshBefore()) < 0;
            if (due && rec.currentExpiresAt().isBefore(absoluteEnd)) {
                SessionRecord rotated = rotate(rec, now, rec.acr(), rec.authTime());
                if (replace(rec, rotated)) {
                    return new SessionCheck(rotated, issued(rotated));
                }
                continue; // another request rotated first: look again
            }
            return new SessionCheck(touch(rec, now), null);
        }
        throw reject(RejectionReason.STORE_UNAVAILABLE, "session state kept changing");
    }

    @Override
    public IssuedSession stepUp(String sessionId, String acr, Instant authTime) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = now();
            SessionRecord rec = live(sessionId, now);
            SessionRecord rotated = rotate(rec, now, acr, authTime);
            if (replace(rec, rotated)) {
                return issued(rotated);
            }
        }
        throw reject(RejectionReason.STORE_UNAVAILABLE, "session state kept changing");
    }

    @Override
    public void revoke(String sessionId) {
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
    public Optional<SessionRecord> find(String sessionId) {
        return storeCall(() -> store.find(sessionId));
    }

    private void markRevoked(String sid) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<SessionRecord> rec = find(sid);
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
        SessionRecord rec = find(sid).orElseThrow(() -> reject(RejectionReason.SESSION_EXPIRED,
                "the session is not known here (expired and forgotten, or created on a node that shares no session"
                        + " store with this one)"));
        if (rec.revoked()) {
            throw reject(RejectionReason.SESSION_REVOKED, "the session was revoked");
        }
        if (rec.originIssuer() != null && originLoggedOut(rec)) {
            markRevoked(sid);
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
