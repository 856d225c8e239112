package dev.zt.store.redis.internal;

import dev.zt.spi.store.ReplayCache;
import io.lettuce.core.SetArgs;

import java.time.Clock;
import java.time.Instant;

/**
 * One-time values in Redis, shared by every node: {@code SET key 1 NX PXAT exp}, atomic, so that of two nodes seeing the
 * same value at once exactly one wins; the key expires with the value.
 */
public final class RedisReplayCache implements ReplayCache {

    private final Redis redis;
    private final String prefix;
    private final Clock clock;

    /** Creates the cache. */
    public RedisReplayCache(Redis redis, String prefix, Clock clock) {
        this.redis = redis;
        this.prefix = prefix + "once:";
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
        long until = Math.max(expiresAt.toEpochMilli(), clock.millis() + 1000); // at least a second
        String ok = redis.call(c -> c.set(prefix + key, "1", SetArgs.Builder.nx().pxAt(until)));
        return "OK".equals(ok);
    }
}
