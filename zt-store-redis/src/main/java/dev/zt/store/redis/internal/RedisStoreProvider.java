package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.StoreSet;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code zt.store=redis}: sessions, revocations, subject profiles, rate windows and one-time values (replay cache)
 * shared by every node through Redis
 * ({@code zt.redis.uri}: {@code redis://host:port/db}, or {@code rediss://} for TLS; {@code zt.redis.password} as
 * {@code env:NAME} or {@code file:path}). Redis unreachable: sessions and revocations fail closed
 * ({@code 503 store_unavailable}) and recover by themselves when Redis is back. A Redis that may lose data is refused
 * unless {@code zt.redis.allow-volatile=true}, and a loss is detected and failed closed (see {@link Redis}).
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
        Redis redis = new Redis(settings, clock, config.subjectRevocationRetention(), message -> {
            if (message.equals("*")) {
                sessionCache.invalidateAll();
                revocationCache.invalidateAll();
            } else if (message.startsWith("s ")) {
                sessionCache.invalidate(message.substring(2));
            } else {
                revocationCache.invalidateAll();
            }
        });
        // a server reachable at start that may lose revocations stops the deployment; one that is not reachable yet
        // is checked when it is (requests fail closed until then)
        Optional<String> unusable = redis.awaitFirstCheck(settings.timeout.multipliedBy(2));
        if (unusable.isPresent()) {
            redis.close();
            throw new ConfigurationException(RedisSettings.ALLOW_VOLATILE, "Redis " + settings.uri.getHost() + ":"
                    + settings.uri.getPort() + ": " + unusable.get());
        }
        Clock shared = redis.clock();
        return StoreSet.builder().sessions(new RedisSessionStore(redis, prefix, config.session(), sessionCache))
                .revocations(new RedisRevocationStore(redis, prefix, shared, config.subjectRevocationRetention(),
                        revocationCache))
                .profiles(new RedisProfileStore(redis, prefix))
                .windows(new RedisWindowStore(redis, prefix, shared, config.risk().authzFailuresWindow()))
                .replays(new RedisReplayCache(redis, prefix, shared)).clock(shared).budgets(redis::budget)
                .activity(new RedisActivityStore(redis, prefix, shared))
                .onClose(redis::close).build();
    }
}
