package dev.zt.config;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.security.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * zt's whole configuration: immutable, validated once at start-up, shared by every request.
 *
 * <p>Build it from {@link ConfigSource}s with {@link #builder()} ({@link ConfigSource#standard} gives the usual
 * ones). Every {@code zt.*} key is documented in {@code docs/configuration.md}. A single issuer is configured with
 * the shortcut keys ({@code zt.issuer}, {@code zt.jwks-uri}, {@code zt.audience}, ...); several with
 * {@code zt.issuers.<name>.<key>} (the shortcut is the issuer named {@code default}).
 *
 * <p>An unknown {@code zt.*} key, a value that does not parse or contradictory settings fail with a
 * {@link ConfigurationException} naming the key, the value, its source and, for a typo, the closest valid key.
 */
@AutoValue
public abstract class ZtConfig {

    /** The resource in which a zt module lists the configuration keys it reads, one per line. */
    public static final String MODULE_KEYS_RESOURCE = ModuleKeys.RESOURCE;

    /** Algorithms zt can verify (RFC 7518 section 3.1 and RFC 8037 section 3.1); {@code none} is never among them. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512");

    /** The default allowlist for issuers with public keys. */
    public static final Set<String> DEFAULT_ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256",
            "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    static final Pattern ISSUER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The largest clock skew an issuer may be given: a token may be accepted this long after its {@code exp}. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    ZtConfig() {
    }

    /** {@code global} (true) or {@code off} (false). */
    private static boolean globalOrOff(Resolver r, String key) {
        String v = r.raw(key, ConfigKeys.GLOBAL.get(key)).strip().toLowerCase(Locale.ROOT);
        if (!v.equals("global") && !v.equals("off")) {
            throw r.bad(key, v, "must be global or off");
        }
        return v.equals("global");
    }

    static ZtConfig from(Resolver r) {
        int maxTokenLength = r.intValue(ConfigKeys.TOKEN_MAX_LENGTH, 256, 1_048_576);
        Duration maxTokenAge = r.optionalDuration(ConfigKeys.MAX_TOKEN_AGE);
        long cacheMaxEntries = r.longValue(ConfigKeys.CACHE_MAX_ENTRIES, 0, 100_000_000L);
        Provider cryptoProvider = r.cryptoProvider();
        Set<String> cryptoProviderAlgorithms = cryptoProvider == null ? Set.of() : r.cryptoProviderAlgorithms(cryptoProvider);
        JwksSettings jwks = JwksSettings.from(r);
        long revocationMaxEntries = r.longValue(ConfigKeys.REVOCATION_MAX_ENTRIES, 1, 100_000_000L);
        Duration subjectRetention = r.positiveDuration(ConfigKeys.REVOCATION_SUBJECT_RETENTION);
        Map<String, IssuerConfig> issuers = Collections.unmodifiableMap(Issuers.issuers(r, jwks.allowHttp()));
        SessionSettings session = SessionSettings.from(r);
        SsfSettings ssf = Transmitters.settings(r, issuers, jwks.allowHttp());
        DpopSettings dpop = DpopSettings.from(r);
        AuthzenSettings authzen = AuthzenSettings.from(r, jwks.allowHttp());
        Duration serviceTokenLifetime = r.positiveDuration(ConfigKeys.SERVICE_TOKEN_LIFETIME);
        RiskSettings risk = RiskSettings.from(r);
        String mode = r.raw(ConfigKeys.MODE, ConfigKeys.GLOBAL.get(ConfigKeys.MODE)).toLowerCase(Locale.ROOT);
        if (!mode.equals("enforce") && !mode.equals("report-only")) {
            throw r.bad(ConfigKeys.MODE, mode, "must be enforce or report-only");
        }
        boolean reportOnly = mode.equals("report-only");
        String auditFormat = r.raw(ConfigKeys.AUDIT_FORMAT, ConfigKeys.GLOBAL.get(ConfigKeys.AUDIT_FORMAT))
                .toLowerCase(Locale.ROOT);
        if (!auditFormat.equals("zt") && !auditFormat.equals("ocsf")) {
            throw r.bad(ConfigKeys.AUDIT_FORMAT, auditFormat, "must be zt or ocsf");
        }
        boolean micrometer = globalOrOff(r, ConfigKeys.TELEMETRY_MICROMETER);
        boolean openTelemetry = globalOrOff(r, ConfigKeys.TELEMETRY_OPENTELEMETRY);
        int authFailuresMax = r.intValue(ConfigKeys.AUTH_FAILURES_MAX, 1, 10_000);
        int authFailuresMaxPerClient = r.intValue(ConfigKeys.AUTH_FAILURES_MAX_PER_CLIENT, 1, 1_000_000);
        Duration authFailuresWindow = r.positiveDuration(ConfigKeys.AUTH_FAILURES_WINDOW);
        long replayMaxEntries = r.longValue(ConfigKeys.REPLAY_MAX_ENTRIES, 1, 100_000_000L);
        for (IssuerConfig ic : issuers.values()) {
            if (ic.issuer().equals(session.issuer())) {
                throw new ConfigurationException(ConfigKeys.SESSION_ISSUER, ConfigKeys.SESSION_ISSUER + " '"
                        + session.issuer() + "' equals the iss of issuer '" + ic.name() + "'; zt's session tokens need"
                        + " an issuer of their own");
            }
        }
        Map<String, String> settings = Collections.unmodifiableMap(r.rawValues());
        return new AutoValue_ZtConfig.Builder()
                .maxTokenLength(maxTokenLength).maxTokenAge(maxTokenAge).cacheMaxEntries(cacheMaxEntries)
                .cryptoProvider(cryptoProvider).cryptoProviderAlgorithms(cryptoProviderAlgorithms).jwks(jwks)
                .revocationMaxEntries(revocationMaxEntries).subjectRevocationRetention(subjectRetention).issuers(issuers)
                .settings(settings).serviceTokenLifetime(serviceTokenLifetime).risk(risk).reportOnly(reportOnly)
                .auditOcsf(auditFormat.equals("ocsf")).telemetryMicrometer(micrometer)
                .telemetryOpenTelemetry(openTelemetry)
                .authFailuresMax(authFailuresMax).authFailuresMaxPerClient(authFailuresMaxPerClient)
                .authFailuresWindow(authFailuresWindow).replayMaxEntries(replayMaxEntries).session(session)
                .ssf(ssf).dpop(dpop).authzen(authzen).build();
    }

    @Override
    public final String toString() {
        return "ZtConfig[issuers " + issuers().keySet() + (reportOnly() ? ", report-only" : "") + "]";
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Shorthand: a configuration from one map of {@code zt.*} keys (e.g. in tests). */
    public static ZtConfig fromMap(Map<String, String> settings) {
        return builder().source(ConfigSource.of("map", settings)).build();
    }

    /** Maximum token length in characters ({@code zt.token.max-length}); longer tokens are refused unparsed. */
    public abstract int maxTokenLength();

    /** Maximum age since {@code iat} ({@code zt.max-token-age}); when set, {@code iat} is required. */
    public abstract Optional<Duration> maxTokenAge();

    /** Bound of the verified-token cache ({@code zt.cache.max-entries}); 0 disables it. */
    public abstract long cacheMaxEntries();

    /**
     * The JCA provider that verifies signatures of {@link #cryptoProviderAlgorithms()} instead of the JDK's default
     * ({@code zt.crypto.provider}: an installed provider's name such as {@code BC}, or a provider class on the
     * application's class path, instantiated for zt alone and never registered JVM-wide). Bouncy Castle's Ed25519 and
     * P-256 verify several times faster than JDK 17's.
     */
    public abstract Optional<Provider> cryptoProvider();

    /** The JWS algorithms verified with {@link #cryptoProvider()} ({@code zt.crypto.provider-algorithms}). */
    public abstract Set<String> cryptoProviderAlgorithms();

    /** JWK Set fetching and caching settings. */
    public abstract JwksSettings jwks();

    /** Bound of the in-memory revocation store ({@code zt.revocation.max-entries}). */
    public abstract long revocationMaxEntries();

    /** How long a subject-wide revocation is kept ({@code zt.revocation.subject-retention}). */
    public abstract Duration subjectRevocationRetention();

    /** Trusted issuers by configured name. */
    public abstract Map<String, IssuerConfig> issuers();

    /**
     * The resolved raw value of any known key, including keys declared by other modules through
     * {@link Builder#moduleKeys(Collection)}; empty when unset (defaults are not filled in here).
     */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings().get(key));
    }

    /** Every key set explicitly, with its resolved value. */
    public abstract Map<String, String> settings();

    /** Lifetime of this service's own tokens ({@code zt.service.token-lifetime}). */
    public abstract Duration serviceTokenLifetime();

    /** Risk engine settings ({@code zt.risk.*}, {@code zt.geo.*}). */
    public abstract RiskSettings risk();

    /**
     * True for {@code zt.mode=report-only}: every enforcement point decides and logs, but refuses and revokes nothing
     * (would-be actions are logged and counted).
     */
    public abstract boolean reportOnly();

    /**
     * True for {@code zt.audit.format=ocsf}: the audit log's lines are events of the Open Cybersecurity Schema
     * Framework 1.8 instead of zt's own fields.
     */
    public abstract boolean auditOcsf();

    /**
     * True unless {@code zt.telemetry.micrometer=off}: without a registry of the application's
     * ({@link dev.zt.monitoring.Telemetry}), meters go to Micrometer's global registry when Micrometer is present.
     */
    public abstract boolean telemetryMicrometer();

    /**
     * True unless {@code zt.telemetry.opentelemetry=off}: without an OpenTelemetry of the application's, zt uses
     * {@code GlobalOpenTelemetry} once it has been set, and annotates the current span, when the API is present.
     */
    public abstract boolean telemetryOpenTelemetry();

    /** Failed logins or step-ups per key within {@link #authFailuresWindow()} before the key is locked. */
    public abstract int authFailuresMax();

    /** Failed logins or step-ups per client address within {@link #authFailuresWindow()} before it is locked. */
    public abstract int authFailuresMaxPerClient();

    /** The window of {@link #authFailuresMax()} ({@code zt.auth-failures.window}); also how long a lock lasts. */
    public abstract Duration authFailuresWindow();

    /** Bound of the in-memory replay cache ({@code zt.replay.max-entries}). */
    public abstract long replayMaxEntries();

    /** Session settings ({@code zt.session.*}). */
    public abstract SessionSettings session();

    /** The Shared Signals receiver and Global Token Revocation ({@code zt.ssf.*}, {@code zt.gtr.*}). */
    public abstract SsfSettings ssf();

    /** How DPoP proofs are checked ({@code zt.dpop.*}). */
    public abstract DpopSettings dpop();

    /** The AuthZEN policy decision point ({@code zt.authzen.*}). */
    public abstract AuthzenSettings authzen();

    /**
     * Collects sources and explicit settings, then validates everything once in {@link #build()}. Sources added
     * first take precedence; explicit {@link #set(String, String)} values take precedence over all sources.
     */
    public static final class Builder {
        private final List<ConfigSource> sources = new ArrayList<>();
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private final Set<String> moduleKeys = new LinkedHashSet<>();
        private ClassLoader loader;

        private Builder() {
        }

        /** Adds a source with lower precedence than those added before. */
        public Builder source(ConfigSource source) {
            sources.add(source);
            return this;
        }

        /** Adds sources in precedence order. */
        public Builder sources(List<ConfigSource> list) {
            sources.addAll(list);
            return this;
        }

        /**
         * Sets one key with the highest precedence.
         *
         * @throws IllegalStateException when the key was already set on this builder
         */
        public Builder set(String key, String value) {
            if (explicit.containsKey(key)) {
                throw new IllegalStateException("'" + key + "' was already set to '" + explicit.get(key) + "'");
            }
            explicit.put(key, value);
            return this;
        }

        /**
         * Declares keys that another zt module reads (e.g. the filter's {@code zt.realm}), so they are not unknown.
         * Modules on the class path may also list theirs, one per line, in a {@value #MODULE_KEYS_RESOURCE} resource
         * (zt-store-redis does); {@link #build()} reads those from {@link #classLoader(ClassLoader)}.
         */
        public Builder moduleKeys(Collection<String> keys) {
            moduleKeys.addAll(keys);
            return this;
        }

        /**
         * The class loader whose {@value #MODULE_KEYS_RESOURCE} resources declare module keys (default: the thread's
         * context class loader, else zt-core's).
         */
        public Builder classLoader(ClassLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @throws ConfigurationException naming the key, value and source of the first problem found
         */
        public ZtConfig build() {
            List<ConfigSource> all = new ArrayList<>();
            if (!explicit.isEmpty()) {
                all.add(ConfigSource.of("explicit settings", explicit));
            }
            all.addAll(sources);
            Set<String> keys = new LinkedHashSet<>(moduleKeys);
            keys.addAll(ModuleKeys.declared(loader != null ? loader : ModuleKeys.defaultLoader()));
            return ZtConfig.from(new Resolver(all, keys));
        }
    }

    @AutoValue.Builder
    abstract static class Values {
        abstract Values maxTokenLength(int v);

        abstract Values maxTokenAge(@Nullable Duration v);

        abstract Values cacheMaxEntries(long v);

        abstract Values cryptoProvider(@Nullable Provider v);

        abstract Values cryptoProviderAlgorithms(Set<String> v);

        abstract Values jwks(JwksSettings v);

        abstract Values revocationMaxEntries(long v);

        abstract Values subjectRevocationRetention(Duration v);

        abstract Values issuers(Map<String, IssuerConfig> v);

        abstract Values settings(Map<String, String> v);

        abstract Values serviceTokenLifetime(Duration v);

        abstract Values risk(RiskSettings v);

        abstract Values reportOnly(boolean v);

        abstract Values auditOcsf(boolean v);

        abstract Values telemetryMicrometer(boolean v);

        abstract Values telemetryOpenTelemetry(boolean v);

        abstract Values authFailuresMax(int v);

        abstract Values authFailuresMaxPerClient(int v);

        abstract Values authFailuresWindow(Duration v);

        abstract Values replayMaxEntries(long v);

        abstract Values session(SessionSettings v);

        abstract Values ssf(SsfSettings v);

        abstract Values dpop(DpopSettings v);

        abstract Values authzen(AuthzenSettings v);

        abstract ZtConfig build();
    }
}
