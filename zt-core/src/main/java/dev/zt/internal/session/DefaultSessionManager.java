package dev.zt.internal.session;

import dev.zt.config.SessionSettings;
import dev.zt.config.ZtConfig;
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

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * zt's session lifecycle over a {@link SessionStore}; see {@link SessionManager}. As the Policy Administrator (NIST SP
 * 800-207 section 3.1) it also carries out the revocations the enforcement point asks for.
 */
public final class DefaultSessionManager implements SessionManager {

    private static final System.Logger LOG = System.getLogger("dev.zt.session");
    private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(1);

    private final SessionSettings settings;
    private final Clock clock;
    private final GuardedStore store;
    private final SessionTokens tokens;
    private final OriginRevocations origins;
    private final SessionLimits limits;
    private final boolean reportOnly;

    /**
     * Creates the manager; {@code revocations} is the verifier's store, where logouts of origin sessions land (kept
     * for the session lifetime or {@code tokenRetention}, the age no token outlives, whichever is longer);
     * {@code windows} counts session creations; in report-only mode nothing is revoked (would-be revocations are
     * logged).
     */
    public DefaultSessionManager(SessionSettings settings, Clock clock, SessionStore store, SigningKeys keys,
            RevocationStore revocations, java.time.Duration tokenRetention, WindowStore windows, boolean reportOnly) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.store = new GuardedStore(Objects.requireNonNull(store));
        this.tokens = new SessionTokens(settings, Objects.requireNonNull(keys));
        this.origins = new OriginRevocations(Objects.requireNonNull(revocations), settings, tokenRetention);
        this.limits = new SessionLimits(settings, Objects.requireNonNull(windows), reportOnly);
        this.reportOnly = reportOnly;
    }

    /** Told of every session created here (its id and subject), by whatever way: the console lists recent ones. */
    private volatile java.util.function.BiConsumer<String, String> created = (sid, subject) -> { };

    /** Sets who is told of each session created (once, at assembly). */
    public void onCreated(java.util.function.BiConsumer<String, String> listener) {
        this.created = Objects.requireNonNull(listener);
    }

    @Override
    public IssuedSession create(VerifiedToken accessToken) {
        if (accessToken.isServiceToken()) {
            throw reject(RejectionReason.INVALID_REQUEST, "a service token speaks for a workload and is never exchanged"
                    + " for a user session");
        }
        String subject = accessToken.subject().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID,
                "a session needs a token with sub"));
        return create(subject, SessionView.builder().originIssuer(accessToken.issuer())
                .originSessionId(accessToken.sessionId().orElse(null)).originEmail(email(accessToken))
                .roles(accessToken.roles())
                .scopes(accessToken.scopes()).acr(accessToken.acr().orElse(null))
                .authTime(accessToken.authTime().orElse(null)).amr(accessToken.amr())
                .boundKey(accessToken.boundKey().orElse(null))
                .boundCertificate(accessToken.boundCertificate().orElse(null)), null);
    }

    @Override
    public IssuedSession create(VerifiedToken idToken, VerifiedToken accessToken) {
        return create(idToken, accessToken, null);
    }

    @Override
    public IssuedSession create(VerifiedToken idToken, VerifiedToken accessToken, String providerGrant) {
        if (accessToken.isServiceToken() || idToken.isServiceToken()) {
            throw reject(RejectionReason.INVALID_REQUEST, "a service token speaks for a workload and is never exchanged"
                    + " for a user session");
        }
        String subject = idToken.subject().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID,
                "a session needs an ID token with sub"));
        if (!idToken.issuer().equals(accessToken.issuer()) || !accessToken.subject().filter(subject::equals)
                .isPresent()) {
            throw reject(RejectionReason.INVALID_REQUEST, "the ID token and the access token of a login must come from"
                    + " the same issuer for the same sub");
        }
        return create(subject, SessionView.builder().originIssuer(idToken.issuer())
                .originSessionId(idToken.sessionId().or(accessToken::sessionId).orElse(null))
                .originEmail(email(idToken) != null ? email(idToken) : email(accessToken))
                .roles(accessToken.roles()).scopes(accessToken.scopes()).acr(idToken.acr().orElse(null))
                .authTime(idToken.authTime().orElse(null)).amr(idToken.amr())
                .providerCheckedAt(providerGrant == null ? null : now()), providerGrant);
    }

    @Override
    public Optional<String> providerGrant(String sessionId) {
        return live(sessionId, now()).providerGrant();
    }

    @Override
    public Optional<String> claimProviderCheck(String sessionId, Instant checkedBefore) {
        return GuardedStore.retry(() -> {
            Instant now = now();
            SessionRecord rec = live(sessionId, now);
            Optional<Instant> checked = rec.session().providerCheckedAt();
            if (rec.providerGrant().isEmpty() || checked.isEmpty() || !checked.get().isBefore(checkedBefore)) {
                return Optional.of(Optional.<String>empty()); // nothing to check, or checked (or claimed) lately
            }
            return store.replace(rec, rec.next(s -> s.providerCheckedAt(now)).build())
                    ? Optional.of(rec.providerGrant()) : Optional.empty();
        });
    }

    @Override
    public void providerChecked(String sessionId, String providerGrant, Instant checkedAt) {
        Objects.requireNonNull(providerGrant, "providerGrant");
        GuardedStore.retry(() -> {
            SessionRecord rec = live(sessionId, now());
            return store.replace(rec, rec.next(s -> s.providerCheckedAt(checkedAt)).providerGrant(providerGrant)
                    .build()) ? Optional.of(Boolean.TRUE) : Optional.empty();
        });
    }

    @Override
    public IssuedSession create(String subject, Set<String> roles, Set<String> scopes, String acr, Instant authTime,
            List<String> amr) {
        return create(Objects.requireNonNull(subject, "subject"), SessionView.builder().roles(roles)
                .scopes(scopes).acr(acr).authTime(authTime).amr(amr), null);
    }

    private IssuedSession create(String subject, SessionView.Builder session, String providerGrant) {
        limits.beforeCreate(subject);
        Instant now = now();
        String sid = tokens.randomId(16);
        SessionTokens.Minted minted = tokens.mint(SessionRecord.builder().csrfToken(tokens.randomId(32))
                .providerGrant(providerGrant),
                session.id(sid).subject(subject).createdAt(now).lastSeenAt(now), now, now);
        store.create(minted.record);
        limits.afterCreate(store, subject, sid, now(), this::revokeFor);
        try {
            created.accept(sid, subject);
        } catch (RuntimeException e) {
            // telling the console is never a reason to fail a login
        }
        return minted.issued();
    }

    @Override
    public boolean isSessionToken(VerifiedToken token) {
        return ISSUER_NAME.equals(token.issuerName());
    }

    @Override
    public SessionCheck check(VerifiedToken token) {
        String sid = sessionIdOf(token);
        String jti = token.tokenId().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID,
                "session token without jti"));
        return GuardedStore.retry(() -> {
            Instant now = now();
            SessionRecord rec = live(sid, now);
            SessionView s = rec.session();
            if (!s.currentTokenId().filter(jti::equals).isPresent()) {
                boolean previous = rec.previousTokenId().filter(jti::equals).isPresent();
                boolean inGrace = previous && rec.previousReplacedAt()
                        .filter(at -> !now.isAfter(at.plus(settings.rotationGrace()))).isPresent();
                if (inGrace || previous && !rec.currentTokenUsed()) {
                    // a request that raced the rotation, or whose client never received the replacement (its answer
                    // was lost, or the rotation's write timed out and was applied late): it converges on the current
                    // token, which nobody has used, so nothing suggests theft
                    if (!inGrace) {
                        LOG.log(Level.INFO, "session {0}: the replaced token was presented after the grace, but its"
                                + " replacement was never used; handing the current token over again", sid);
                    }
                    SessionRecord touched = touch(rec, now, false);
                    return Optional.of(SessionCheck.of(touched.session(), touched.csrfToken(),
                            tokens.reissue(touched)));
                }
                revokeFor(sid, "a replaced token was presented after the rotation grace and after its replacement"
                        + " was used: revoked as stolen");
                throw reject(RejectionReason.TOKEN_REUSED, "a replaced session token was presented again");
            }
            boolean due = compareSpan(now, s.currentExpiresAt(), settings.refreshBefore()) < 0;
            // and the current token ends before the session's absolute end (created + max lifetime)
            if (due && compareSpan(s.createdAt(), s.currentExpiresAt(), settings.maxLifetime()) < 0) {
                SessionTokens.Minted rotated = rotate(rec, now, s.toBuilder());
                return store.replace(rec, rotated.record) // else another request rotated first: look again
                        ? Optional.of(SessionCheck.of(rotated.record.session(), rotated.record.csrfToken(),
                                rotated.issued()))
                        : Optional.empty();
            }
            SessionRecord touched = touch(rec, now, true);
            return touched == null ? Optional.empty()
                    : Optional.of(SessionCheck.of(touched.session(), touched.csrfToken(), null));
        });
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
        Optional<SessionView> found = find(sessionId);
        if (found.isEmpty() || token.isServiceToken() || token.acr().isEmpty()) {
            return Optional.empty();
        }
        SessionView s = found.get();
        boolean sameOrigin = s.originIssuer().filter(token.issuer()::equals).isPresent()
                && token.subject().filter(s.subject()::equals).isPresent()
                && token.boundKey().equals(s.boundKey()) && token.boundCertificate().equals(s.boundCertificate());
        if (!sameOrigin || lower(token.acr().get(), s.acr().orElse(null))) {
            return Optional.empty(); // another issuer, subject or binding, or a weaker acr: never this session
        }
        // auth_time is the token's own; without one the session cannot meet a max-age (never the clock)
        return Optional.of(stepUp(sessionId, token.acr().get(), token.authTime().orElse(null), deviceId,
                deviceId != null));
    }

    private IssuedSession stepUp(String sessionId, String acr, Instant authTime, String deviceId, boolean rebind) {
        Objects.requireNonNull(acr, "acr");
        return GuardedStore.retry(() -> {
            Instant now = now();
            SessionRecord rec = live(sessionId, now);
            SessionView s = rec.session();
            String currentAcr = s.acr().orElse(null);
            Instant currentAuthTime = s.authTime().orElse(null);
            String newAcr = acr;
            Instant newAuthTime = authTime;
            if (lower(acr, currentAcr)) {
                newAcr = currentAcr; // acr never goes down
                newAuthTime = currentAuthTime;
            } else if (acr.equals(currentAcr) && currentAuthTime != null
                    && (authTime == null || authTime.isBefore(currentAuthTime))) {
                newAuthTime = currentAuthTime; // an older authentication never moves auth_time back
            }
            SessionView.Builder changed = s.toBuilder().acr(newAcr).authTime(newAuthTime);
            if (rebind) {
                changed.deviceId(deviceId);
            }
            SessionTokens.Minted rotated = rotate(rec, now, changed);
            return store.replace(rec, rotated.record) ? Optional.of(rotated.issued()) : Optional.empty();
        });
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
        return GuardedStore.retry(() -> {
            SessionRecord rec = live(sessionId, now());
            if (rec.session().deviceId().isPresent()) {
                return rec.session().deviceId();
            }
            return store.replace(rec, rec.next(s -> s.deviceId(deviceId)).build())
                    ? Optional.of(deviceId) : Optional.empty();
        });
    }

    @Override
    public void revoke(String sessionId) {
        markRevoked(sessionId);
    }

    @Override
    public RejectionReason revokeCaller(VerifiedToken token) {
        if (isSessionToken(token)) {
            markRevoked(sessionIdOf(token));
            return RejectionReason.SESSION_REVOKED;
        }
        if (token.tokenId().isEmpty()) {
            return RejectionReason.RISK_DENIED;
        }
        // kept past exp for as long as any issuer's clock skew may still accept the token
        origins.revokeToken(token.issuer(), token.tokenId().get(), token.expiresAt().plus(ZtConfig.MAX_CLOCK_SKEW));
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
        origins.logout(logoutToken, now());
    }

    @Override
    public void endProviderSession(String issuer, String providerSessionId) {
        origins.endProviderSession(issuer, providerSessionId, now());
    }

    @Override
    public void endSubject(String issuer, String subject, Instant before) {
        origins.endSubject(issuer, subject, before);
    }

    @Override
    public Optional<SessionView> find(String sessionId) {
        return store.find(sessionId).map(SessionRecord::session);
    }

    @Override
    public java.util.List<SessionView> sessionsOf(String subject) {
        java.util.List<SessionView> out = new java.util.ArrayList<>();
        for (String id : store.sessionsOf(subject)) {
            store.find(id).map(SessionRecord::session).filter(v -> v.subject().equals(subject)).ifPresent(out::add);
        }
        return out;
    }

    private void markRevoked(String sid) {
        GuardedStore.retry(() -> {
            Optional<SessionRecord> rec = store.find(sid);
            if (rec.isEmpty() || rec.get().session().revoked()) {
                return Optional.of(Boolean.TRUE);
            }
            return store.replace(rec.get(), rec.get().next(s -> s.revoked(true)).build())
                    ? Optional.of(Boolean.TRUE) : Optional.empty();
        });
    }

    /** The session, refusing unknown, revoked, idle and over-age ones. */
    private SessionRecord live(String sid, Instant now) {
        SessionRecord rec = store.find(sid).orElseThrow(() -> reject(RejectionReason.SESSION_EXPIRED,
                "the session is not known here (expired and forgotten, or created on a node that shares no session"
                        + " store with this one)"));
        SessionView s = rec.session();
        if (s.revoked()) {
            throw reject(RejectionReason.SESSION_REVOKED, "the session was revoked");
        }
        if (origins.originLoggedOut(s)) {
            revokeFor(sid, "the identity provider logged out the session it was created from");
            throw reject(RejectionReason.SESSION_REVOKED, "the identity provider logged out the session this one was"
                    + " created from");
        }
        if (compareSpan(s.createdAt(), now, settings.maxLifetime()) >= 0) {
            throw reject(RejectionReason.SESSION_EXPIRED, "the session reached zt.session.max-lifetime");
        }
        if (compareSpan(s.lastSeenAt(), now, settings.idleTimeout()) > 0) {
            throw reject(RejectionReason.SESSION_EXPIRED, "the session was idle longer than zt.session.idle-timeout");
        }
        return rec;
    }

    /** The next version with a new current token for {@code session}; the replaced one stays valid for the grace. */
    private SessionTokens.Minted rotate(SessionRecord rec, Instant now, SessionView.Builder session) {
        SessionView s = rec.session();
        return tokens.mint(rec.next().previousTokenId(s.currentTokenId().orElse(null)).previousReplacedAt(now),
                session.lastSeenAt(now), now, s.createdAt());
    }

    /**
     * Records the request's time (at most once a second) and, when it presented the current token for the first
     * time, that the token reached its client; {@code null} when that first use lost a race with another update
     * (the caller looks again: a first use must not be lost).
     */
    private SessionRecord touch(SessionRecord rec, Instant now, boolean presentedCurrent) {
        boolean firstUse = presentedCurrent && !rec.currentTokenUsed();
        if (!firstUse && compareSpan(rec.session().lastSeenAt(), now, TOUCH_GRANULARITY) < 0) {
            return rec;
        }
        SessionRecord touched = rec.next(s -> s.lastSeenAt(now)).currentTokenUsed(rec.currentTokenUsed() || firstUse)
                .build();
        if (store.replace(rec, touched)) {
            return touched;
        }
        return firstUse ? null : rec; // a lost touch is fine: the update that won touched too
    }

    /**
     * {@code Duration.between(from, to).compareTo(limit)}, without the two objects that costs: every request's session
     * check makes these comparisons.
     */
    static int compareSpan(Instant from, Instant to, Duration limit) {
        long seconds = to.getEpochSecond() - from.getEpochSecond(); // Instant's range: no overflow
        int nanos = to.getNano() - from.getNano();
        if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000;
        }
        int c = Long.compare(seconds, limit.getSeconds());
        return c != 0 ? c : Integer.compare(nanos, limit.getNano());
    }

    private static String sessionIdOf(VerifiedToken token) {
        return token.sessionId().orElseThrow(() -> reject(RejectionReason.CLAIM_INVALID, "session token without sid"));
    }

    /** A token's {@code email} claim, lower case, or null. */
    static String email(VerifiedToken token) {
        return RevocationStore.emailSubject(token)
                .map(s -> s.substring(RevocationStore.EMAIL_SUBJECT_PREFIX.length())).orElse(null);
    }

    private Instant now() {
        return clock.instant();
    }

    private static TokenRejectedException reject(RejectionReason reason, String message) {
        return new TokenRejectedException(reason, message);
    }
}
