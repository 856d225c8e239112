package dev.zt.config;

import com.google.auto.value.AutoValue;

import java.time.Duration;

/** JWK Set settings ({@code zt.jwks.*}). */
@AutoValue
public abstract class JwksSettings {

    JwksSettings() {
    }

    static JwksSettings from(Resolver r) {
        Duration minRefreshInterval = r.duration(ConfigKeys.JWKS_MIN_REFRESH_INTERVAL);
        Duration maxStale = r.duration(ConfigKeys.JWKS_MAX_STALE);
        Duration defaultTtl = r.duration(ConfigKeys.JWKS_DEFAULT_TTL);
        Duration minTtl = r.duration(ConfigKeys.JWKS_MIN_TTL);
        Duration maxTtl = r.duration(ConfigKeys.JWKS_MAX_TTL);
        Duration connectTimeout = r.positiveDuration(ConfigKeys.JWKS_CONNECT_TIMEOUT);
        Duration readTimeout = r.positiveDuration(ConfigKeys.JWKS_READ_TIMEOUT);
        int maxBytes = r.intValue(ConfigKeys.JWKS_MAX_BYTES, 1024, 64 * 1024 * 1024);
        boolean allowHttp = r.bool(ConfigKeys.JWKS_ALLOW_HTTP);
        if (minTtl.compareTo(maxTtl) > 0) {
            throw new ConfigurationException(ConfigKeys.JWKS_MIN_TTL, ConfigKeys.JWKS_MIN_TTL + " ("
                    + Durations.format(minTtl) + ") is longer than " + ConfigKeys.JWKS_MAX_TTL + " ("
                    + Durations.format(maxTtl) + ")");
        }
        return new AutoValue_JwksSettings.Builder()
                .minRefreshInterval(minRefreshInterval).maxStale(maxStale).defaultTtl(defaultTtl).minTtl(minTtl)
                .maxTtl(maxTtl).connectTimeout(connectTimeout).readTimeout(readTimeout).maxBytes(maxBytes)
                .allowHttp(allowHttp)
                .build();
    }

    /** Least time between two fetches caused by unknown {@code kid}s ({@code zt.jwks.min-refresh-interval}). */
    public abstract Duration minRefreshInterval();

    /** How long the last good keys serve while fetches fail ({@code zt.jwks.max-stale}). */
    public abstract Duration maxStale();

    /** Freshness of a key set whose response had no {@code Cache-Control: max-age} ({@code zt.jwks.default-ttl}). */
    public abstract Duration defaultTtl();

    /** Lower bound applied to {@code max-age} ({@code zt.jwks.min-ttl}). */
    public abstract Duration minTtl();

    /** Upper bound applied to {@code max-age} ({@code zt.jwks.max-ttl}). */
    public abstract Duration maxTtl();

    /** Connect timeout of a fetch ({@code zt.jwks.connect-timeout}). */
    public abstract Duration connectTimeout();

    /** Timeout for the whole response of a fetch ({@code zt.jwks.read-timeout}). */
    public abstract Duration readTimeout();

    /** Largest accepted JWK Set response in bytes ({@code zt.jwks.max-bytes}). */
    public abstract int maxBytes();

    /** Whether {@code http:} JWK Set URIs are allowed beyond loopback ({@code zt.jwks.allow-http}). */
    public abstract boolean allowHttp();

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder minRefreshInterval(Duration v);

        abstract Builder maxStale(Duration v);

        abstract Builder defaultTtl(Duration v);

        abstract Builder minTtl(Duration v);

        abstract Builder maxTtl(Duration v);

        abstract Builder connectTimeout(Duration v);

        abstract Builder readTimeout(Duration v);

        abstract Builder maxBytes(int v);

        abstract Builder allowHttp(boolean v);

        abstract JwksSettings build();
    }
}
