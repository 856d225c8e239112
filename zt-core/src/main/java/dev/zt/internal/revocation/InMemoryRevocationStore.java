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
    private final Cache<String, Instant> tokens;
    private final Cache<String, Instant> sessions;
    private final Cache<String, Instant> subjects;

    /** Creates the store; entries expire by the injected clock. */
    public InMemoryRevocationStore(Clock clock, long maxEntries, Duration subjectRetention) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.subjectRetention = subjectRetention;
        this.tokens = newCache(clock);
        this.sessions = newCache(clock);
        this.subjects = newCache(clock);
    }

    private static Cache<String, Instant> newCache(Clock clock) {
        // one past the instant, so that a revocation "until exp" still covers a token at exactly exp
        return Caches.builder(clock, Long.MAX_VALUE).executor(Runnable::run)
                .expireAfter(Caches.<String, Instant>until(clock, until -> until.toEpochMilli() + 1))
                .build();
    }

    private static String key(String issuer, String id) {
        return issuer + '\u0000' + id;
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        String iss = token.issuer();
        if (token.tokenId().isPresent() && tokens.getIfPresent(key(iss, token.tokenId().get())) != null) {
            return true;
        }
        if (token.sessionId().isPresent() && sessions.getIfPresent(key(iss, token.sessionId().get())) != null) {
            return true;
        }
        if (token.subject().isPresent()) {
            Instant cutoff = subjects.getIfPresent(key(iss, token.subject().get()));
            if (cutoff != null) {
                // stored as cut-off + retention; recover the cut-off
                Instant notBefore = cutoff.minus(subjectRetention);
                return token.issuedAt().map(iat -> iat.isBefore(notBefore)).orElse(true);
            }
        }
        return false;
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
        String k = key(issuer, subject);
        Instant until = notBefore.plus(subjectRetention);
        Instant existing = subjects.getIfPresent(k);
        if (existing != null && existing.isAfter(until)) {
            return; // a later cut-off already applies
        }
        put(subjects, k, until);
    }

    private void put(Cache<String, Instant> cache, String k, Instant until) {
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
        cache.asMap().merge(k, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Live entries (approximate). */
    public long size() {
        return tokens.estimatedSize() + sessions.estimatedSize() + subjects.estimatedSize();
    }
}
