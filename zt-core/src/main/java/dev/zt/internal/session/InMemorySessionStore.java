package dev.zt.internal.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.zt.spi.SessionRecord;
import dev.zt.spi.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link SessionStore}: a Caffeine map, updated atomically, whose entries disappear some time after the
 * session can no longer be used (twice the idle limit, or the absolute limit, plus a minute). Bounded by
 * {@code zt.session.max-entries}: when full, creating a
 * session fails instead of evicting (and so logging out) a live one.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Cache<String, SessionRecord> sessions;
    private final long maxEntries;

    /** Creates the store. */
    public InMemorySessionStore(Clock clock, long maxEntries, Duration idleTimeout, Duration maxLifetime) {
        this.maxEntries = maxEntries;
        this.sessions = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, SessionRecord>() {
                    @Override
                    public long expireAfterCreate(String key, SessionRecord r, long currentTime) {
                        // kept past the limits so that late requests get a precise reason, then forgotten
                        Instant idleEnd = r.lastSeenAt().plus(idleTimeout.multipliedBy(2));
                        Instant absoluteEnd = r.createdAt().plus(maxLifetime);
                        Instant end = idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
                        long remaining = end.toEpochMilli() - TimeUnit.NANOSECONDS.toMillis(currentTime);
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(1, remaining + 60_000));
                    }

                    @Override
                    public long expireAfterUpdate(String key, SessionRecord r, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, r, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, SessionRecord r, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        return Optional.ofNullable(sessions.getIfPresent(sessionId));
    }

    @Override
    public void create(SessionRecord record) {
        if (sessions.estimatedSize() >= maxEntries) {
            sessions.cleanUp();
            if (sessions.estimatedSize() >= maxEntries) {
                throw new IllegalStateException("session store is full (" + maxEntries
                        + " live sessions, zt.session.max-entries)");
            }
        }
        if (sessions.asMap().putIfAbsent(record.id(), record) != null) {
            throw new IllegalStateException("session id collision");
        }
    }

    @Override
    public boolean replace(SessionRecord expected, SessionRecord updated) {
        boolean[] done = {false};
        sessions.asMap().computeIfPresent(expected.id(), (id, current) -> {
            if (current.version() == expected.version()) {
                done[0] = true;
                return updated;
            }
            return current;
        });
        return done[0];
    }

    /** Live sessions (approximate). */
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }
}
