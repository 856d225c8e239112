package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.ZtConfig;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.WindowStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
        RedisSessionStore sessions = new RedisSessionStore(redis, prefix, config.session(), sessionCache);
        RedisRevocationStore revocations = new RedisRevocationStore(redis, prefix, clock,
                config.subjectRevocationRetention(), revocationCache);
        RedisProfileStore profiles = new RedisProfileStore(redis, prefix);
        RedisWindowStore windows = new RedisWindowStore(redis, prefix, clock, config.risk().authzFailuresWindow());
        RedisReplayCache replays = new RedisReplayCache(redis, prefix, clock);
        return new Stores() {
            @Override
            public Optional<SessionStore> sessions() {
                return Optional.of(sessions);
            }

            @Override
            public Optional<RevocationStore> revocations() {
                return Optional.of(revocations);
            }

            @Override
            public Optional<ProfileStore> profiles() {
                return Optional.of(profiles);
            }

            @Override
            public Optional<WindowStore> windows() {
                return Optional.of(windows);
            }

            @Override
            public Optional<ReplayCache> replays() {
                return Optional.of(replays);
            }

            @Override
            public void close() {
                redis.close();
            }
        };
    }
}
