package dev.zt.store.redis.internal;

import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.config.ConfigKeys;
import dev.zt.config.Durations;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.WindowStore;
import io.lettuce.core.RedisURI;

import java.nio.charset.StandardCharsets;
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
        String uriText = config.setting(ConfigKeys.REDIS_URI).filter(v -> !v.isEmpty())
                .orElse(ConfigKeys.GLOBAL.get(ConfigKeys.REDIS_URI));
        RedisURI uri;
        try {
            uri = RedisURI.create(uriText);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.REDIS_URI, "'" + ConfigKeys.REDIS_URI + "' = '" + uriText
                    + "': not a redis:// or rediss:// URI");
        }
        if (uriText.matches("rediss?://[^/@]*:[^/@]*@.*") || uriText.matches("rediss?://[^/@]+@.*")) {
            throw new ConfigurationException(ConfigKeys.REDIS_URI, "'" + ConfigKeys.REDIS_URI + "' contains a"
                    + " password; put it in " + ConfigKeys.REDIS_PASSWORD + " as env:NAME or file:path");
        }
        Optional<String> password = config.setting(ConfigKeys.REDIS_PASSWORD).filter(v -> !v.isEmpty());
        if (password.isPresent()) {
            uri.setAuthentication(secret(password.get()));
        }
        Duration timeout = duration(config, ConfigKeys.REDIS_TIMEOUT);
        String prefix = config.setting(ConfigKeys.REDIS_PREFIX).filter(v -> !v.isEmpty()).orElse("zt:");
        long nearMax = Long.parseLong(config.setting(ConfigKeys.REDIS_NEAR_CACHE).filter(v -> !v.isEmpty())
                .orElse("10000"));
        com.github.benmanes.caffeine.cache.Cache<String, SessionRecord> sessionCache = Redis.nearCache(nearMax,
                Duration.ofSeconds(1));
        com.github.benmanes.caffeine.cache.Cache<String, String> revocationCache = Redis.nearCache(nearMax,
                Duration.ofMillis(500));
        java.io.File ca = config.setting(ConfigKeys.REDIS_TLS_CA).filter(v -> !v.isEmpty())
                .map(v -> new java.io.File(v.startsWith("file:") ? v.substring(5) : v)).orElse(null);
        if (ca != null && !ca.canRead()) {
            throw new ConfigurationException(ConfigKeys.REDIS_TLS_CA, "cannot read " + ConfigKeys.REDIS_TLS_CA + " "
                    + ca);
        }
        Redis redis = new Redis(uri, timeout, prefix, ca, message -> {
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

    private static char[] secret(String reference) {
        try {
            String text;
            if (reference.startsWith("env:")) {
                text = System.getenv(reference.substring(4));
            } else if (reference.startsWith("file:")) {
                text = java.nio.file.Files.readString(java.nio.file.Path.of(reference.substring(5)),
                        StandardCharsets.UTF_8).strip();
            } else {
                throw new IllegalArgumentException("must be env:NAME or file:path");
            }
            if (text == null) {
                throw new IllegalArgumentException("is not set");
            }
            return text.toCharArray();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.REDIS_PASSWORD, "cannot use " + ConfigKeys.REDIS_PASSWORD
                    + " " + reference + ": " + e.getMessage());
        }
    }

    private static Duration duration(ZtConfig config, String key) {
        String v = config.setting(key).filter(s -> !s.isEmpty()).orElse(ConfigKeys.GLOBAL.get(key));
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, "'" + key + "' = '" + v + "' is not a duration");
        }
    }
}
