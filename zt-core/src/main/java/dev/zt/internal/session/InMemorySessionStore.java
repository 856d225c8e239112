package dev.zt.internal.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.zt.session.SessionView;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link SessionStore}: a Caffeine map, updated atomically, whose entries disappear some time after the
 * session can no longer be used (twice the idle limit, or the absolute limit, plus a minute), with an index of each
 * subject's sessions. Bounded by {@code zt.session.max-entries}: when full, creating a session fails instead of
 * evicting (and so logging out) a live one; {@code zt.session.max-per-subject} keeps any one subject from filling it.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Cache<String, SessionRecord> sessions;
    private final Cache<String, List<String>> bySubject;
    private final long maxEntries;

    /** Creates the store. */
    public InMemorySessionStore(Clock clock, long maxEntries, Duration idleTimeout, Duration maxLifetime) {
        this.maxEntries = maxEntries;
        this.sessions = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, SessionRecord>writing((key, rec) -> {
                    SessionView r = rec.session();
                    // kept past the limits so that late requests get a precise reason, then forgotten; a revoked
                    // session once its last token expired
                    Instant idleEnd = r.lastSeenAt().plus(idleTimeout.multipliedBy(2));
                    Instant absoluteEnd = r.createdAt().plus(maxLifetime);
                    Instant end = idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
                    if (r.revoked() && r.currentExpiresAt().isBefore(end)) {
                        end = r.currentExpiresAt();
                    }
                    return Duration.ofMillis(Math.max(1, end.toEpochMilli() - clock.millis() + 60_000));
                }))
                .build();
        this.bySubject = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .expireAfterWrite(maxLifetime.plusMinutes(1))
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
                // revoked sessions are kept only for a precise answer: they make room first (still refused after)
                sessions.asMap().values().removeIf(r -> r.session().revoked());
            }
            if (sessions.estimatedSize() >= maxEntries) {
                throw new IllegalStateException("session store is full (" + maxEntries
                        + " live sessions, zt.session.max-entries)");
            }
        }
        if (sessions.asMap().putIfAbsent(record.id(), record) != null) {
            throw new IllegalStateException("session id collision");
        }
        bySubject.asMap().compute(record.session().subject(), (subject, ids) -> {
            List<String> next = new ArrayList<>();
            if (ids != null) {
                for (String id : ids) {
                    if (sessions.getIfPresent(id) != null) { // forgotten sessions leave the index
                        next.add(id);
                    }
                }
            }
            next.add(record.id());
            return List.copyOf(next);
        });
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

    @Override
    public List<String> sessionsOf(String subject) {
        List<String> ids = bySubject.getIfPresent(subject);
        return ids == null ? List.of() : ids;
    }

    /** Live sessions (approximate). */
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }
}
