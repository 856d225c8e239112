package dev.zt.internal.revocation;

import dev.zt.internal.cache.Caches;
import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.token.VerifiedToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The default {@link RevocationStore}: three Caffeine maps whose entries expire when they no longer matter (a token
 * revocation when the token expires, a session revocation at its retention, a subject cut-off after
 * {@code zt.revocation.subject-retention}).
 *
 * <p>Bounded without ever dropping a live revocation: when {@code zt.revocation.max-entries} live entries exist, a
 * new revocation throws {@link IllegalStateException} (the caller learns revocation failed) instead of evicting an
 * older one, which would silently reinstate a revoked token.
 */
public final class InMemoryRevocationStore implements RevocationStore {

    private final Clock clock;
    private final long maxEntries;
    private final Duration subjectRetention;
    private final Cache<Key, Instant> tokens;
    private final Cache<Key, Instant> sessions;
    private final Cache<Key, Instant> subjects;
    /**
     * False until the first revocation is recorded: until then a check reads this field alone, not the three maps
     * (every request asks; most servers never revoke). Never reset: after that, every check looks in the maps.
     */
    private volatile boolean recorded;

    /** Creates the store; entries expire by the injected clock. */
    public InMemoryRevocationStore(Clock clock, long maxEntries, Duration subjectRetention) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.subjectRetention = subjectRetention;
        this.tokens = newCache(clock);
        this.sessions = newCache(clock);
        this.subjects = newCache(clock);
    }

    private static Cache<Key, Instant> newCache(Clock clock) {
        // one past the instant, so that a revocation "until exp" still covers a token at exactly exp
        return Caches.builder(clock, Long.MAX_VALUE)
                .expireAfter(Caches.<Key, Instant>until(clock, until -> until.toEpochMilli() + 1))
                .build();
    }

    /** An (issuer, id) pair: no string is built per lookup, and no separator can make two pairs collide. */
    private static final class Key {
        final String issuer;
        final String id;
        final int hash;

        Key(String issuer, String id) {
            this.issuer = issuer;
            this.id = id;
            this.hash = 31 * issuer.hashCode() + id.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).hash == hash && ((Key) o).issuer.equals(issuer)
                    && ((Key) o).id.equals(id);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static Key key(String issuer, String id) {
        return new Key(issuer, id);
    }

    /** The entry of ({@code issuer}, {@code id}), else null; an empty map (the usual case) costs no lookup at all. */
    private static Instant find(Cache<Key, Instant> cache, String issuer, String id) {
        return cache.asMap().isEmpty() ? null : cache.getIfPresent(key(issuer, id));
    }

    /** True until the first revocation is recorded: until then {@link #isRevoked} answers false to any token. */
    public boolean nothingRecorded() {
        return !recorded;
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        if (!recorded) {
            return false;
        }
        String iss = token.issuer();
        if (token.tokenId().isPresent() && find(tokens, iss, token.tokenId().get()) != null) {
            return true;
        }
        if (token.sessionId().isPresent() && find(sessions, iss, token.sessionId().get()) != null) {
            return true;
        }
        return token.subject().isPresent() && cutOff(token, find(subjects, iss, token.subject().get()))
                || RevocationStore.emailSubject(token).map(e -> cutOff(token, find(subjects, iss, e))).orElse(false);
    }

    /** True when a subject's cut-off (stored as cut-off + retention) applies to the token. */
    private boolean cutOff(VerifiedToken token, Instant stored) {
        if (stored == null) {
            return false;
        }
        Instant notBefore = stored.minus(subjectRetention);
        return token.issuedAt().map(iat -> iat.isBefore(notBefore)).orElse(true);
    }

    @Override
    public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
        put(tokens, key(issuer, tokenId), expiresAt);
    }

    @Override
    public void revokeSession(String issuer, String sessionId, Instant retainUntil) {
        put(sessions, key(issuer, sessionId), retainUntil);
    }

    @Override
    public void revokeSubject(String issuer, String subject, Instant notBefore) {
        Key k = key(issuer, subject);
        Instant until = notBefore.plus(subjectRetention);
        Instant existing = subjects.getIfPresent(k);
        if (existing != null && existing.isAfter(until)) {
            return; // a later cut-off already applies
        }
        put(subjects, k, until);
    }

    private void put(Cache<Key, Instant> cache, Key k, Instant until) {
        if (!until.isAfter(clock.instant())) {
            return; // nothing left to revoke
        }
        if (cache.getIfPresent(k) == null && size() >= maxEntries) {
            tokens.cleanUp();
            sessions.cleanUp();
            subjects.cleanUp();
            if (size() >= maxEntries) {
                throw new IllegalStateException("revocation store is full (" + maxEntries + " live entries,"
                        + " zt.revocation.max-entries); the revocation was not recorded");
            }
        }
        recorded = true; // before the entry: a check that sees the entry sees the flag
        cache.asMap().merge(k, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Live entries (approximate). */
    public long size() {
        return tokens.estimatedSize() + sessions.estimatedSize() + subjects.estimatedSize();
    }
}
