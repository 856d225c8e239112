package dev.zt.config;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Session settings ({@code zt.session.*}). */
@AutoValue
public abstract class SessionSettings {

    SessionSettings() {
    }

    static SessionSettings from(Resolver r) {
        String issuer = r.raw(ConfigKeys.SESSION_ISSUER, ConfigKeys.GLOBAL.get(ConfigKeys.SESSION_ISSUER));
        String signingKey = r.nonEmpty(ConfigKeys.SESSION_SIGNING_KEY);
        if (signingKey != null && !(signingKey.startsWith("file:") || signingKey.startsWith("classpath:"))) {
            throw r.bad(ConfigKeys.SESSION_SIGNING_KEY, signingKey, "must be a file: path or a classpath:"
                    + " resource holding a private JWK or a PEM private key");
        }
        Duration ttl = r.positiveDuration(ConfigKeys.SESSION_TTL);
        Duration refreshBefore = r.duration(ConfigKeys.SESSION_REFRESH_BEFORE);
        Duration idleTimeout = r.positiveDuration(ConfigKeys.SESSION_IDLE_TIMEOUT);
        Duration maxLifetime = r.positiveDuration(ConfigKeys.SESSION_MAX_LIFETIME);
        Duration rotationGrace = r.duration(ConfigKeys.SESSION_ROTATION_GRACE);
        long maxEntries = r.longValue(ConfigKeys.SESSION_MAX_ENTRIES, 1, 100_000_000L);
        int maxPerSubject = r.intValue(ConfigKeys.SESSION_MAX_PER_SUBJECT, 1, 10_000);
        int createPerSubject = r.intValue(ConfigKeys.SESSION_CREATE_PER_SUBJECT, 1, 1_000_000);
        int createPerClient = r.intValue(ConfigKeys.SESSION_CREATE_PER_CLIENT, 1, 1_000_000);
        List<String> acrOrder = List.copyOf(Resolver.list(r.raw(ConfigKeys.SESSION_ACR_ORDER,
                ConfigKeys.GLOBAL.get(ConfigKeys.SESSION_ACR_ORDER))));
        if (refreshBefore.compareTo(ttl) >= 0) {
            throw r.bad(ConfigKeys.SESSION_REFRESH_BEFORE, Durations.format(refreshBefore), "must be shorter than "
                    + ConfigKeys.SESSION_TTL + " (" + Durations.format(ttl) + ")");
        }
        if (ttl.compareTo(maxLifetime) > 0) {
            throw r.bad(ConfigKeys.SESSION_TTL, Durations.format(ttl), "must not exceed "
                    + ConfigKeys.SESSION_MAX_LIFETIME + " (" + Durations.format(maxLifetime) + ")");
        }
        return new AutoValue_SessionSettings.Builder()
                .issuer(issuer).signingKey(signingKey).ttl(ttl).refreshBefore(refreshBefore).idleTimeout(idleTimeout)
                .maxLifetime(maxLifetime).rotationGrace(rotationGrace).maxEntries(maxEntries)
                .maxPerSubject(maxPerSubject).createPerSubject(createPerSubject).createPerClient(createPerClient)
                .acrOrder(acrOrder)
                .build();
    }

    /** {@code iss} and {@code aud} of zt's session tokens ({@code zt.session.issuer}). */
    public abstract String issuer();

    /** Location of the session signing key, when configured ({@code zt.session.signing-key}). */
    public abstract Optional<String> signingKey();

    /** Lifetime of one session token ({@code zt.session.ttl}). */
    public abstract Duration ttl();

    /** A token with less than this left is replaced on its next use ({@code zt.session.refresh-before}). */
    public abstract Duration refreshBefore();

    /** Idle limit ({@code zt.session.idle-timeout}). */
    public abstract Duration idleTimeout();

    /** Absolute limit ({@code zt.session.max-lifetime}). */
    public abstract Duration maxLifetime();

    /** How long a replaced token still works ({@code zt.session.rotation-grace}). */
    public abstract Duration rotationGrace();

    /** Bound of the in-memory session store ({@code zt.session.max-entries}). */
    public abstract long maxEntries();

    /**
     * Live sessions one subject may hold ({@code zt.session.max-per-subject}); a new one ends the subject's oldest,
     * so that no subject can fill the store.
     */
    public abstract int maxPerSubject();

    /** Sessions one subject may create per minute ({@code zt.session.create-rate.per-subject}). */
    public abstract int createPerSubject();

    /** Sessions one client address may create per minute ({@code zt.session.create-rate.per-client}). */
    public abstract int createPerClient();

    /**
     * {@code acr} values from weakest to strongest ({@code zt.session.acr-order}): a step-up never lowers a
     * session's {@code acr} below one it already reached.
     */
    public abstract List<String> acrOrder();

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder issuer(String v);

        abstract Builder signingKey(@Nullable String v);

        abstract Builder ttl(Duration v);

        abstract Builder refreshBefore(Duration v);

        abstract Builder idleTimeout(Duration v);

        abstract Builder maxLifetime(Duration v);

        abstract Builder rotationGrace(Duration v);

        abstract Builder maxEntries(long v);

        abstract Builder maxPerSubject(int v);

        abstract Builder createPerSubject(int v);

        abstract Builder createPerClient(int v);

        abstract Builder acrOrder(List<String> v);

        abstract SessionSettings build();
    }
}
