package dev.zt.config;

import java.time.Duration;

/** JWK Set settings ({@code zt.jwks.*}). */
public final class JwksSettings {
    private final Duration minRefreshInterval;
    private final Duration maxStale;
    private final Duration defaultTtl;
    private final Duration minTtl;
    private final Duration maxTtl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxBytes;
    private final boolean allowHttp;

    JwksSettings(Resolver r) {
        this.minRefreshInterval = r.duration(ConfigKeys.JWKS_MIN_REFRESH_INTERVAL);
        this.maxStale = r.duration(ConfigKeys.JWKS_MAX_STALE);
        this.defaultTtl = r.duration(ConfigKeys.JWKS_DEFAULT_TTL);
        this.minTtl = r.duration(ConfigKeys.JWKS_MIN_TTL);
        this.maxTtl = r.duration(ConfigKeys.JWKS_MAX_TTL);
        this.connectTimeout = r.positiveDuration(ConfigKeys.JWKS_CONNECT_TIMEOUT);
        this.readTimeout = r.positiveDuration(ConfigKeys.JWKS_READ_TIMEOUT);
        this.maxBytes = r.intValue(ConfigKeys.JWKS_MAX_BYTES, 1024, 64 * 1024 * 1024);
        this.allowHttp = r.bool(ConfigKeys.JWKS_ALLOW_HTTP);
        if (minTtl.compareTo(maxTtl) > 0) {
            throw new ConfigurationException(ConfigKeys.JWKS_MIN_TTL, ConfigKeys.JWKS_MIN_TTL + " ("
                    + Durations.format(minTtl) + ") is longer than " + ConfigKeys.JWKS_MAX_TTL + " ("
                    + Durations.format(maxTtl) + ")");
        }
    }

    /** Least time between two fetches caused by unknown {@code kid}s ({@code zt.jwks.min-refresh-interval}). */
    public Duration minRefreshInterval() {
        return minRefreshInterval;
    }

    /** How long the last good keys serve while fetches fail ({@code zt.jwks.max-stale}). */
    public Duration maxStale() {
        return maxStale;
    }

    /** Freshness of a key set whose response had no {@code Cache-Control: max-age} ({@code zt.jwks.default-ttl}). */
    public Duration defaultTtl() {
        return defaultTtl;
    }

    /** Lower bound applied to {@code max-age} ({@code zt.jwks.min-ttl}). */
    public Duration minTtl() {
        return minTtl;
    }

    /** Upper bound applied to {@code max-age} ({@code zt.jwks.max-ttl}). */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** Connect timeout of a fetch ({@code zt.jwks.connect-timeout}). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Timeout for the whole response of a fetch ({@code zt.jwks.read-timeout}). */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Largest accepted JWK Set response in bytes ({@code zt.jwks.max-bytes}). */
    public int maxBytes() {
        return maxBytes;
    }

    /** Whether {@code http:} JWK Set URIs are allowed beyond loopback ({@code zt.jwks.allow-http}). */
    public boolean allowHttp() {
        return allowHttp;
    }
}
