package dev.zt.store.redis.internal;

import dev.zt.config.ConfigurationException;
import dev.zt.config.Durations;
import dev.zt.config.ZtConfig;
import io.lettuce.core.RedisURI;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code zt.redis.*} settings, read and validated once. The module declares its keys to zt-core in
 * {@code META-INF/zt/configuration-keys}, so that core knows nothing of them.
 */
final class RedisSettings {

    static final String URI = "zt.redis.uri";
    static final String PASSWORD = "zt.redis.password";
    static final String TIMEOUT = "zt.redis.timeout";
    static final String PREFIX = "zt.redis.prefix";
    static final String NEAR_CACHE = "zt.redis.near-cache.max-entries";
    static final String TLS_CA = "zt.redis.tls.ca-file";
    static final String ALLOW_VOLATILE = "zt.redis.allow-volatile";
    static final String CLOCK = "zt.redis.clock";
    /** Every key, as the resource lists them. */
    static final List<String> KEYS = List.of(URI, PASSWORD, TIMEOUT, PREFIX, NEAR_CACHE, TLS_CA, ALLOW_VOLATILE, CLOCK);

    final RedisURI uri;
    final Duration timeout;
    final String prefix;
    final long nearCacheMaxEntries;
    final File ca;
    /** Use a server that may lose data (no append-only file, or evicting keys): a restart forgets revocations. */
    final boolean allowVolatile;
    /** Compare instants on the Redis server's clock ({@code redis}, the default) or each node's own ({@code node}). */
    final boolean storeClock;

    RedisSettings(ZtConfig config) {
        String uriText = value(config, URI).orElse("redis://127.0.0.1:6379/0");
        if (uriText.matches("rediss?://[^/@]*:[^/@]*@.*") || uriText.matches("rediss?://[^/@]+@.*")) {
            throw new ConfigurationException(URI, "'" + URI + "' contains a password; put it in " + PASSWORD
                    + " as env:NAME or file:path");
        }
        try {
            uri = RedisURI.create(uriText);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(URI, uriText, "not a redis:// or rediss:// URI");
        }
        value(config, PASSWORD).ifPresent(p -> uri.setAuthentication(secret(p)));
        String t = value(config, TIMEOUT).orElse("500ms");
        try {
            timeout = Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(TIMEOUT, t, "not a duration");
        }
        prefix = value(config, PREFIX).orElse("zt:");
        String near = value(config, NEAR_CACHE).orElse("10000");
        try {
            nearCacheMaxEntries = Long.parseLong(near);
        } catch (NumberFormatException e) {
            throw ConfigurationException.invalid(NEAR_CACHE, near, "not a number");
        }
        if (nearCacheMaxEntries < 1 || nearCacheMaxEntries > 10_000_000) {
            throw ConfigurationException.invalid(NEAR_CACHE, near, "must be between 1 and 10000000");
        }
        ca = value(config, TLS_CA).map(v -> new File(v.startsWith("file:") ? v.substring(5) : v)).orElse(null);
        if (ca != null && !ca.canRead()) {
            throw new ConfigurationException(TLS_CA, "cannot read " + TLS_CA + " " + ca);
        }
        String allow = value(config, ALLOW_VOLATILE).orElse("false");
        if (!allow.equals("true") && !allow.equals("false")) {
            throw ConfigurationException.invalid(ALLOW_VOLATILE, allow, "must be true or false");
        }
        allowVolatile = allow.equals("true");
        String clock = value(config, CLOCK).orElse("redis");
        if (!clock.equals("redis") && !clock.equals("node")) {
            throw ConfigurationException.invalid(CLOCK, clock, "must be redis or node");
        }
        storeClock = clock.equals("redis");
    }

    private static Optional<String> value(ZtConfig config, String key) {
        return config.setting(key).filter(v -> !v.isEmpty());
    }

    private static char[] secret(String reference) {
        try {
            String text;
            if (reference.startsWith("env:")) {
                text = System.getenv(reference.substring(4));
            } else if (reference.startsWith("file:")) {
                text = Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8).strip();
            } else {
                throw new IllegalArgumentException("must be env:NAME or file:path");
            }
            if (text == null) {
                throw new IllegalArgumentException("is not set");
            }
            return text.toCharArray();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(PASSWORD, "cannot use " + PASSWORD + " " + reference + ": "
                    + e.getMessage());
        }
    }
}
