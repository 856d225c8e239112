package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.ZtConfig;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.StoreSet;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code zt.store=redis}: sessions, revocations, subject profiles, rate windows and one-time values (replay cache)
 * shared by every node through Redis
 * ({@code zt.redis.uri}: {@code redis://host:port/db}, or {@code rediss://} for TLS; {@code zt.redis.password} as
 * {@code env:NAME} or {@code file:path}). Redis unreachable: sessions and revocations fail closed
 * ({@code 503 store_unavailable}) and recover by themselves when Redis is back.
 */
public final class RedisStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Stores create(ZtConfig config, Clock clock, ClassLoader loader) {
        RedisSettings settings = new RedisSettings(config);
        Cache<String, SessionRecord> sessionCache = Redis.nearCache(settings.nearCacheMaxEntries, Duration.ofSeconds(1));
        Cache<String, String> revocationCache = Redis.nearCache(settings.nearCacheMaxEntries, Duration.ofMillis(500));
        String prefix = settings.prefix;
        Redis redis = new Redis(settings.uri, settings.timeout, prefix, settings.ca, message -> {
            if (message.startsWith("s ")) {
                sessionCache.invalidate(message.substring(2));
            } else {
                revocationCache.invalidateAll();
            }
        });
        return StoreSet.builder().sessions(new RedisSessionStore(redis, prefix, config.session(), sessionCache))
                .revocations(new RedisRevocationStore(redis, prefix, clock, config.subjectRevocationRetention(),
                        revocationCache))
                .profiles(new RedisProfileStore(redis, prefix))
                .windows(new RedisWindowStore(redis, prefix, clock, config.risk().authzFailuresWindow()))
                .replays(new RedisReplayCache(redis, prefix, clock)).onClose(redis::close).build();
    }
}
