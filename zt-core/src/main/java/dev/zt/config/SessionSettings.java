package dev.zt.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Session settings ({@code zt.session.*}). */
public final class SessionSettings {
    private final String issuer;
    private final String signingKey;
    private final Duration ttl;
    private final Duration refreshBefore;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration rotationGrace;
    private final long maxEntries;
    private final int maxPerSubject;
    private final int createPerSubject;
    private final int createPerClient;
    private final List<String> acrOrder;

    SessionSettings(Resolver r) {
        this.issuer = r.raw(ConfigKeys.SESSION_ISSUER, ConfigKeys.GLOBAL.get(ConfigKeys.SESSION_ISSUER));
        String key = r.values.get(ConfigKeys.SESSION_SIGNING_KEY);
        this.signingKey = key == null || key.isEmpty() ? null : key;
        if (signingKey != null && !(signingKey.startsWith("file:") || signingKey.startsWith("classpath:"))) {
            throw r.bad(ConfigKeys.SESSION_SIGNING_KEY, signingKey, "must be a file: path or a classpath:"
                    + " resource holding a private JWK or a PEM private key");
        }
        this.ttl = r.positiveDuration(ConfigKeys.SESSION_TTL);
        this.refreshBefore = r.duration(ConfigKeys.SESSION_REFRESH_BEFORE);
        this.idleTimeout = r.positiveDuration(ConfigKeys.SESSION_IDLE_TIMEOUT);
        this.maxLifetime = r.positiveDuration(ConfigKeys.SESSION_MAX_LIFETIME);
        this.rotationGrace = r.duration(ConfigKeys.SESSION_ROTATION_GRACE);
        this.maxEntries = r.longValue(ConfigKeys.SESSION_MAX_ENTRIES, 1, 100_000_000L);
        this.maxPerSubject = r.intValue(ConfigKeys.SESSION_MAX_PER_SUBJECT, 1, 10_000);
        this.createPerSubject = r.intValue(ConfigKeys.SESSION_CREATE_PER_SUBJECT, 1, 1_000_000);
        this.createPerClient = r.intValue(ConfigKeys.SESSION_CREATE_PER_CLIENT, 1, 1_000_000);
        this.acrOrder = List.copyOf(Resolver.list(r.raw(ConfigKeys.SESSION_ACR_ORDER,
                ConfigKeys.GLOBAL.get(ConfigKeys.SESSION_ACR_ORDER))));
        if (refreshBefore.compareTo(ttl) >= 0) {
            throw r.bad(ConfigKeys.SESSION_REFRESH_BEFORE, Durations.format(refreshBefore), "must be shorter than "
                    + ConfigKeys.SESSION_TTL + " (" + Durations.format(ttl) + ")");
        }
        if (ttl.compareTo(maxLifetime) > 0) {
            throw r.bad(ConfigKeys.SESSION_TTL, Durations.format(ttl), "must not exceed "
                    + ConfigKeys.SESSION_MAX_LIFETIME + " (" + Durations.format(maxLifetime) + ")");
        }
    }

    /** {@code iss} and {@code aud} of zt's session tokens ({@code zt.session.issuer}). */
    public String issuer() {
        return issuer;
    }

    /** Location of the session signing key, when configured ({@code zt.session.signing-key}). */
    public Optional<String> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** Lifetime of one session token ({@code zt.session.ttl}). */
    public Duration ttl() {
        return ttl;
    }

    /** A token with less than this left is replaced on its next use ({@code zt.session.refresh-before}). */
    public Duration refreshBefore() {
        return refreshBefore;
    }

    /** Idle limit ({@code zt.session.idle-timeout}). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Absolute limit ({@code zt.session.max-lifetime}). */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** How long a replaced token still works ({@code zt.session.rotation-grace}). */
    public Duration rotationGrace() {
        return rotationGrace;
    }

    /** Bound of the in-memory session store ({@code zt.session.max-entries}). */
    public long maxEntries() {
        return maxEntries;
    }

    /**
     * Live sessions one subject may hold ({@code zt.session.max-per-subject}); a new one ends the subject's oldest,
     * so that no subject can fill the store.
     */
    public int maxPerSubject() {
        return maxPerSubject;
    }

    /** Sessions one subject may create per minute ({@code zt.session.create-rate.per-subject}). */
    public int createPerSubject() {
        return createPerSubject;
    }

    /** Sessions one client address may create per minute ({@code zt.session.create-rate.per-client}). */
    public int createPerClient() {
        return createPerClient;
    }

    /**
     * {@code acr} values from weakest to strongest ({@code zt.session.acr-order}): a step-up never lowers a
     * session's {@code acr} below one it already reached.
     */
    public List<String> acrOrder() {
        return acrOrder;
    }
}
