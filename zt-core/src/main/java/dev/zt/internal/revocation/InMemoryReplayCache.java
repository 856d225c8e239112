package dev.zt.internal.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.zt.spi.store.ReplayCache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link ReplayCache}: a Caffeine map whose entries expire with their values. Bounded: when it holds
 * {@code zt.replay.max-entries} live values it refuses new ones (throws) instead of evicting one, which would let that
 * value be replayed.
 */
public final class InMemoryReplayCache implements ReplayCache {

    private final Cache<String, Instant> seen;
    private final long maxEntries;
    private final Clock clock;

    /** Creates the cache. */
    public InMemoryReplayCache(Clock clock, long maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.seen = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, Instant>writing((key, until) ->
                        Duration.ofMillis(Math.max(1, until.toEpochMilli() - clock.millis()))))
                .build();
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
        if (!expiresAt.isAfter(clock.instant())) {
            return seen.getIfPresent(key) == null; // already expired: nothing to remember
        }
        if (seen.estimatedSize() >= maxEntries) {
            seen.cleanUp();
            if (seen.estimatedSize() >= maxEntries) {
                throw new IllegalStateException("replay cache is full (" + maxEntries + " values, zt.replay.max-entries)");
            }
        }
        return seen.asMap().putIfAbsent(key, expiresAt) == null;
    }
}
