package dev.zt.internal.store;

import dev.zt.spi.risk.SubjectProfile;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.WindowStore;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The stores of one backend, each call through the backend's {@link StoreGuard}. */
public final class GuardedStores {

    private GuardedStores() {
    }

    /** The session store behind {@code guard}. */
    public static SessionStore sessions(SessionStore s, StoreGuard guard) {
        return new SessionStore() {
            @Override
            public Optional<SessionRecord> find(String sessionId) {
                return guard.call("find a session", () -> s.find(sessionId));
            }

            @Override
            public void create(SessionRecord record) {
                guard.run("create a session", () -> s.create(record));
            }

            @Override
            public boolean replace(SessionRecord expected, SessionRecord updated) {
                return guard.call("update a session", () -> s.replace(expected, updated));
            }

            @Override
            public List<String> sessionsOf(String subject) {
                return guard.call("list sessions", () -> s.sessionsOf(subject));
            }
        };
    }

    /** The revocation store behind {@code guard}. */
    public static RevocationStore revocations(RevocationStore s, StoreGuard guard) {
        return new RevocationStore() {
            @Override
            public boolean isRevoked(VerifiedToken token) {
                return guard.call("check a revocation", () -> s.isRevoked(token));
            }

            @Override
            public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
                guard.run("revoke a token", () -> s.revokeToken(issuer, tokenId, expiresAt));
            }

            @Override
            public void revokeSession(String issuer, String sessionId, Instant retainUntil) {
                guard.run("revoke a session", () -> s.revokeSession(issuer, sessionId, retainUntil));
            }

            @Override
            public void revokeSubject(String issuer, String subject, Instant notBefore) {
                guard.run("revoke a subject", () -> s.revokeSubject(issuer, subject, notBefore));
            }
        };
    }

    /** The profile store behind {@code guard}. */
    public static ProfileStore profiles(ProfileStore s, StoreGuard guard) {
        return new ProfileStore() {
            @Override
            public SubjectProfile get(String subjectKey) {
                return guard.call("read a profile", () -> s.get(subjectKey));
            }

            @Override
            public void update(String subjectKey, UnaryOperator<SubjectProfile> update) {
                guard.run("update a profile", () -> s.update(subjectKey, update));
            }
        };
    }

    /** The windows behind {@code guard}. */
    public static WindowStore windows(WindowStore s, StoreGuard guard) {
        return new WindowStore() {
            @Override
            public int recordRequest(String key) {
                return guard.call("count a request", () -> s.recordRequest(key));
            }

            @Override
            public RequestCounts recordRequestAndCountDenials(String key) {
                return guard.call("count a request", () -> s.recordRequestAndCountDenials(key));
            }

            @Override
            public void recordDenial(String key) {
                guard.run("count a denial", () -> s.recordDenial(key));
            }

            @Override
            public int recentDenials(String key) {
                return guard.call("count denials", () -> s.recentDenials(key));
            }

            @Override
            public boolean alternates(String key, String country, Duration window) {
                return guard.call("compare countries", () -> s.alternates(key, country, window));
            }

            @Override
            public int recordEvent(String key, Duration window) {
                return guard.call("count an event", () -> s.recordEvent(key, window));
            }

            @Override
            public int countEvents(String key, Duration window) {
                return guard.call("count events", () -> s.countEvents(key, window));
            }

            @Override
            public String remember(String key, String value, boolean replace, Duration ttl) {
                return guard.call("remember a value", () -> s.remember(key, value, replace, ttl));
            }
        };
    }

    /** The replay cache behind {@code guard}. */
    public static ReplayCache replays(ReplayCache s, StoreGuard guard) {
        return (key, expiresAt) -> guard.call("check a one-time value", () -> s.firstUse(key, expiresAt));
    }
}
