package dev.zt.config;

import dev.zt.internal.config.ConfigKeys;
import dev.zt.internal.config.Durations;
import dev.zt.internal.config.Suggest;
import dev.zt.internal.token.Algorithms;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
public final class ZtConfig {

    /** Algorithms zt can verify (RFC 7518 section 3.1 and RFC 8037 section 3.1); {@code none} is never among them. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512");

    /** The default allowlist for issuers with public keys. */
    public static final Set<String> DEFAULT_ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256",
            "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private static final Pattern ISSUER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    private final int maxTokenLength;
    private final Duration maxTokenAge;
    private final long cacheMaxEntries;
    private final Provider cryptoProvider;
    private final Set<String> cryptoProviderAlgorithms;
    private final JwksSettings jwks;
    private final long revocationMaxEntries;
    private final Duration subjectRetention;
    private final Map<String, IssuerConfig> issuers;
    private final Map<String, String> settings;
    private final SessionSettings session;
    private final Duration serviceTokenLifetime;
    private final RiskSettings risk;
    private final boolean reportOnly;
    private final int authFailuresMax;
    private final int authFailuresMaxPerClient;
    private final Duration authFailuresWindow;
    private final long replayMaxEntries;

    private ZtConfig(Resolver r) {
        this.maxTokenLength = r.intValue(ConfigKeys.TOKEN_MAX_LENGTH, 256, 1_048_576);
        this.maxTokenAge = r.optionalDuration(ConfigKeys.MAX_TOKEN_AGE);
        this.cacheMaxEntries = r.longValue(ConfigKeys.CACHE_MAX_ENTRIES, 0, 100_000_000L);
        this.cryptoProvider = r.cryptoProvider();
        this.cryptoProviderAlgorithms = cryptoProvider == null ? Set.of() : r.cryptoProviderAlgorithms(cryptoProvider);
        this.jwks = new JwksSettings(r);
        this.revocationMaxEntries = r.longValue(ConfigKeys.REVOCATION_MAX_ENTRIES, 1, 100_000_000L);
        this.subjectRetention = r.duration(ConfigKeys.REVOCATION_SUBJECT_RETENTION);
        this.issuers = Collections.unmodifiableMap(r.issuers(jwks.allowHttp()));
        this.session = new SessionSettings(r);
        this.serviceTokenLifetime = r.positiveDuration(ConfigKeys.SERVICE_TOKEN_LIFETIME);
        this.risk = new RiskSettings(r);
        String mode = r.raw(ConfigKeys.MODE, ConfigKeys.GLOBAL.get(ConfigKeys.MODE)).toLowerCase(Locale.ROOT);
        if (!mode.equals("enforce") && !mode.equals("report-only")) {
            throw r.bad(ConfigKeys.MODE, mode, "must be enforce or report-only");
        }
        this.reportOnly = mode.equals("report-only");
        this.authFailuresMax = r.intValue(ConfigKeys.AUTH_FAILURES_MAX, 1, 10_000);
        this.authFailuresMaxPerClient = r.intValue(ConfigKeys.AUTH_FAILURES_MAX_PER_CLIENT, 1, 1_000_000);
        this.authFailuresWindow = r.positiveDuration(ConfigKeys.AUTH_FAILURES_WINDOW);
        this.replayMaxEntries = r.longValue(ConfigKeys.REPLAY_MAX_ENTRIES, 1, 100_000_000L);
        for (IssuerConfig ic : issuers.values()) {
            if (ic.issuer().equals(session.issuer())) {
                throw new ConfigurationException(ConfigKeys.SESSION_ISSUER, ConfigKeys.SESSION_ISSUER + " '"
                        + session.issuer() + "' equals the iss of issuer '" + ic.name() + "'; zt's session tokens need"
                        + " an issuer of their own");
            }
        }
        this.settings = Collections.unmodifiableMap(r.rawValues());
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
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** Maximum age since {@code iat} ({@code zt.max-token-age}); when set, {@code iat} is required. */
    public Optional<Duration> maxTokenAge() {
        return Optional.ofNullable(maxTokenAge);
    }

    /** Bound of the verified-token cache ({@code zt.cache.max-entries}); 0 disables it. */
    public long cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /**
     * The JCA provider that verifies signatures of {@link #cryptoProviderAlgorithms()} instead of the JDK's default
     * ({@code zt.crypto.provider}: an installed provider's name such as {@code BC}, or a provider class on the
     * application's class path, instantiated for zt alone and never registered JVM-wide). Bouncy Castle's Ed25519 and
     * P-256 verify several times faster than JDK 17's.
     */
    public Optional<Provider> cryptoProvider() {
        return Optional.ofNullable(cryptoProvider);
    }

    /** The JWS algorithms verified with {@link #cryptoProvider()} ({@code zt.crypto.provider-algorithms}). */
    public Set<String> cryptoProviderAlgorithms() {
        return cryptoProviderAlgorithms;
    }

    /** JWK Set fetching and caching settings. */
    public JwksSettings jwks() {
        return jwks;
    }

    /** Bound of the in-memory revocation store ({@code zt.revocation.max-entries}). */
    public long revocationMaxEntries() {
        return revocationMaxEntries;
    }

    /** How long a subject-wide revocation is kept ({@code zt.revocation.subject-retention}). */
    public Duration subjectRevocationRetention() {
        return subjectRetention;
    }

    /** Trusted issuers by configured name. */
    public Map<String, IssuerConfig> issuers() {
        return issuers;
    }

    /**
     * The resolved raw value of any known key, including keys declared by other modules through
     * {@link Builder#moduleKeys(Collection)}; empty when unset (defaults are not filled in here).
     */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** Every key set explicitly, with its resolved value. */
    public Map<String, String> settings() {
        return settings;
    }

    /** Lifetime of this service's own tokens ({@code zt.service.token-lifetime}). */
    public Duration serviceTokenLifetime() {
        return serviceTokenLifetime;
    }

    /** Risk engine settings ({@code zt.risk.*}, {@code zt.geo.*}). */
    public RiskSettings risk() {
        return risk;
    }

    /** Risk engine settings ({@code zt.risk.*}, {@code zt.geo.*}). */
    public static final class RiskSettings {
        private final List<String> checks;
        private final Set<String> advisory;
        private final Duration timeout;
        private final int stepUpScore;
        private final int denyScore;
        private final String stepUpAcr;
        private final int maxTravelKmh;
        private final boolean travelDenies;
        private final int rateMax;
        private final int rateRevoke;
        private final int authzFailuresMax;
        private final Duration authzFailuresWindow;
        private final Duration hijackWindow;
        private final String deviceClaim;
        private final long profilesMax;
        private final String cidrFile;

        private RiskSettings(Resolver r) {
            String c = r.values.get(ConfigKeys.RISK_CHECKS);
            this.checks = c == null || c.isBlank() ? null : c.strip().equals("none") ? List.of()
                    : List.copyOf(Resolver.list(c));
            this.advisory = Resolver.list(r.values.get(ConfigKeys.RISK_ADVISORY));
            this.timeout = r.positiveDuration(ConfigKeys.RISK_TIMEOUT);
            this.stepUpScore = r.intValue(ConfigKeys.RISK_STEP_UP_SCORE, 1, 101);
            this.denyScore = r.intValue(ConfigKeys.RISK_DENY_SCORE, 1, 101);
            this.stepUpAcr = r.raw(ConfigKeys.RISK_STEP_UP_ACR, ConfigKeys.GLOBAL.get(ConfigKeys.RISK_STEP_UP_ACR));
            this.maxTravelKmh = r.intValue(ConfigKeys.RISK_MAX_TRAVEL_KMH, 1, 100_000);
            String action = r.raw(ConfigKeys.RISK_TRAVEL_ACTION, "step-up");
            if (!action.equals("step-up") && !action.equals("deny")) {
                throw r.bad(ConfigKeys.RISK_TRAVEL_ACTION, action, "must be step-up or deny");
            }
            this.travelDenies = action.equals("deny");
            this.rateMax = r.intValue(ConfigKeys.RISK_RATE_MAX, 1, 1_000_000);
            this.rateRevoke = r.intValue(ConfigKeys.RISK_RATE_REVOKE, 1, 10_000_000);
            this.authzFailuresMax = r.intValue(ConfigKeys.RISK_AUTHZ_MAX, 1, 10_000);
            this.authzFailuresWindow = r.positiveDuration(ConfigKeys.RISK_AUTHZ_WINDOW);
            this.hijackWindow = r.positiveDuration(ConfigKeys.RISK_HIJACK_WINDOW);
            String dc = r.values.get(ConfigKeys.RISK_DEVICE_CLAIM);
            this.deviceClaim = dc == null || dc.isEmpty() ? null : dc;
            this.profilesMax = r.longValue(ConfigKeys.RISK_PROFILES_MAX, 1, 100_000_000L);
            String f = r.values.get(ConfigKeys.GEO_CIDR_FILE);
            this.cidrFile = f == null || f.isEmpty() ? null : f;
            if (stepUpScore > denyScore) {
                throw r.bad(ConfigKeys.RISK_STEP_UP_SCORE, Integer.toString(stepUpScore), "must not exceed "
                        + ConfigKeys.RISK_DENY_SCORE + " (" + denyScore + ")");
            }
            if (rateMax > rateRevoke) {
                throw r.bad(ConfigKeys.RISK_RATE_MAX, Integer.toString(rateMax), "must not exceed "
                        + ConfigKeys.RISK_RATE_REVOKE + " (" + rateRevoke + ")");
            }
        }

        /** Check ids to run, in order ({@code zt.risk.checks}); empty: every discovered check. */
        public Optional<List<String>> checks() {
            return Optional.ofNullable(checks);
        }

        /** Check ids whose failures do not deny ({@code zt.risk.advisory}). */
        public Set<String> advisory() {
            return advisory;
        }

        /** Time budget for all checks of one request ({@code zt.risk.timeout}). */
        public Duration timeout() {
            return timeout;
        }

        /** Score from which the default policy asks for step-up. */
        public int stepUpScore() {
            return stepUpScore;
        }

        /** Score from which the default policy denies. */
        public int denyScore() {
            return denyScore;
        }

        /** The {@code acr} step-up asks for. */
        public String stepUpAcr() {
            return stepUpAcr;
        }

        /** Fastest plausible travel speed. */
        public int maxTravelKmh() {
            return maxTravelKmh;
        }

        /** True when impossible travel denies instead of asking for step-up. */
        public boolean travelDenies() {
            return travelDenies;
        }

        /** Requests per minute per session above which requests are denied (429). */
        public int rateMaxPerMinute() {
            return rateMax;
        }

        /** Requests per minute per session above which the session is revoked. */
        public int rateRevokePerMinute() {
            return rateRevoke;
        }

        /** Denials within the window that revoke the session. */
        public int authzFailuresMax() {
            return authzFailuresMax;
        }

        /** The denial window. */
        public Duration authzFailuresWindow() {
            return authzFailuresWindow;
        }

        /** Window within which one session seen from two countries is revoked. */
        public Duration hijackWindow() {
            return hijackWindow;
        }

        /** The claim holding a device id, when configured. */
        public Optional<String> deviceClaim() {
            return Optional.ofNullable(deviceClaim);
        }

        /** Bound of the in-memory profile store. */
        public long profilesMaxEntries() {
            return profilesMax;
        }

        /** The CIDR-to-country CSV file, when configured. */
        public Optional<String> cidrFile() {
            return Optional.ofNullable(cidrFile);
        }
    }

    /**
     * True for {@code zt.mode=report-only}: every enforcement point decides and logs, but refuses and revokes nothing
     * (would-be actions are logged and counted).
     */
    public boolean reportOnly() {
        return reportOnly;
    }

    /** Failed logins or step-ups per key within {@link #authFailuresWindow()} before the key is locked. */
    public int authFailuresMax() {
        return authFailuresMax;
    }

    /** Failed logins or step-ups per client address within {@link #authFailuresWindow()} before it is locked. */
    public int authFailuresMaxPerClient() {
        return authFailuresMaxPerClient;
    }

    /** The window of {@link #authFailuresMax()} ({@code zt.auth-failures.window}); also how long a lock lasts. */
    public Duration authFailuresWindow() {
        return authFailuresWindow;
    }

    /** Bound of the in-memory replay cache ({@code zt.replay.max-entries}). */
    public long replayMaxEntries() {
        return replayMaxEntries;
    }

    /** Session settings ({@code zt.session.*}). */
    public SessionSettings session() {
        return session;
    }

    /** Session settings ({@code zt.session.*}). */
    public static final class SessionSettings {
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

        private SessionSettings(Resolver r) {
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

    /** JWK Set settings ({@code zt.jwks.*}). */
    public static final class JwksSettings {
        private final Duration minRefreshInterval;
        private final Duration maxStale;
        private final Duration defaultTtl;
        private final Duration minTtl;
        private final Duration maxTtl;
        private final Duration connectTimeout;
        private final Duration readTimeout;
        private final int maxBytes;
        private final boolean allowHttp;

        private JwksSettings(Resolver r) {
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

    /**
     * Collects sources and explicit settings, then validates everything once in {@link #build()}. Sources added
     * first take precedence; explicit {@link #set(String, String)} values take precedence over all sources.
     */
    public static final class Builder {
        private final List<ConfigSource> sources = new ArrayList<>();
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private final Set<String> moduleKeys = new LinkedHashSet<>();

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

        /** Declares keys that another zt module reads (e.g. the filter's {@code zt.realm}), so they are not unknown. */
        public Builder moduleKeys(Collection<String> keys) {
            moduleKeys.addAll(keys);
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
            return new ZtConfig(new Resolver(all, moduleKeys));
        }
    }

    /** Resolves keys across sources and parses typed values with precise errors. */
    private static final class Resolver {
        final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> origins = new LinkedHashMap<>();
        private final Set<String> moduleKeys;

        Resolver(List<ConfigSource> sources, Set<String> moduleKeys) {
            this.moduleKeys = moduleKeys;
            // lowest precedence first, so that higher ones overwrite
            for (int i = sources.size() - 1; i >= 0; i--) {
                ConfigSource s = sources.get(i);
                for (Map.Entry<String, String> e : new TreeSet<>(s.entries().keySet()).stream()
                        .map(k -> Map.entry(k, s.entries().get(k))).toList()) {
                    String key = s.environmentNames() ? fromEnvironment(e.getKey(), s) : e.getKey();
                    if (!key.startsWith("zt.")) {
                        continue;
                    }
                    checkKnown(key, e.getValue(), s.name());
                    values.put(key, e.getValue() == null ? "" : e.getValue().trim());
                    origins.put(key, s.name());
                }
            }
        }

        Map<String, String> rawValues() {
            return new LinkedHashMap<>(values);
        }

        private String fromEnvironment(String variable, ConfigSource s) {
            for (String k : ConfigKeys.GLOBAL.keySet()) {
                if (ConfigKeys.environmentName(k).equals(variable)) {
                    return k;
                }
            }
            for (String k : moduleKeys) {
                if (ConfigKeys.environmentName(k).equals(variable)) {
                    return k;
                }
            }
            for (String k : ConfigKeys.ISSUER_KEYS.keySet()) {
                if (ConfigKeys.environmentName(ConfigKeys.shortcut(k)).equals(variable)) {
                    return ConfigKeys.shortcut(k);
                }
            }
            String prefix = ConfigKeys.environmentName(ConfigKeys.ISSUERS_PREFIX);
            if (variable.startsWith(prefix)) {
                String rest = variable.substring(prefix.length());
                String best = null;
                for (String k : ConfigKeys.ISSUER_KEYS.keySet()) {
                    String suffix = "_" + ConfigKeys.environmentName(k);
                    if (rest.endsWith(suffix) && rest.length() > suffix.length()
                            && (best == null || k.length() > best.length())) {
                        best = k;
                    }
                }
                if (best != null) {
                    String name = rest.substring(0, rest.length() - ConfigKeys.environmentName(best).length() - 1)
                            .toLowerCase(Locale.ROOT).replace('_', '-');
                    return ConfigKeys.named(name, best);
                }
            }
            List<String> names = new ArrayList<>();
            for (String k : knownFixedKeys()) {
                names.add(ConfigKeys.environmentName(k));
            }
            throw new ConfigurationException(variable, "unknown zt environment variable '" + variable + "' (from "
                    + s.name() + "); did you mean '" + Suggest.closest(variable, names) + "'?");
        }

        private List<String> knownFixedKeys() {
            List<String> all = new ArrayList<>(ConfigKeys.fixedKeys());
            all.addAll(moduleKeys);
            return all;
        }

        private void checkKnown(String key, String value, String source) {
            if (ConfigKeys.GLOBAL.containsKey(key) || moduleKeys.contains(key)) {
                return;
            }
            if (key.startsWith("zt.") && ConfigKeys.ISSUER_KEYS.containsKey(key.substring(3))) {
                return;
            }
            if (key.startsWith(ConfigKeys.ISSUERS_PREFIX)) {
                String rest = key.substring(ConfigKeys.ISSUERS_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    String name = rest.substring(0, dot);
                    String sub = rest.substring(dot + 1);
                    if (!ISSUER_NAME.matcher(name).matches()) {
                        throw new ConfigurationException(key, "'" + key + "' (from " + source + "): issuer name '"
                                + name + "' must be lower-case letters, digits and '-'");
                    }
                    if (ConfigKeys.ISSUER_KEYS.containsKey(sub)) {
                        return;
                    }
                    throw new ConfigurationException(key, "unknown zt configuration key '" + key + "' (from "
                            + source + ", value '" + value + "'); did you mean '"
                            + ConfigKeys.named(name, Suggest.closest(sub, ConfigKeys.ISSUER_KEYS.keySet())) + "'?");
                }
            }
            throw new ConfigurationException(key, "unknown zt configuration key '" + key + "' (from " + source
                    + ", value '" + value + "'); did you mean '" + Suggest.closest(key, knownFixedKeys()) + "'?");
        }

        String raw(String key, String defaultValue) {
            String v = values.get(key);
            return v == null ? defaultValue : v;
        }

        private String describe(String key, String value) {
            String origin = origins.get(key);
            return "'" + key + "' = '" + value + "'" + (origin == null ? " (default)" : " (from " + origin + ")");
        }

        ConfigurationException bad(String key, String value, String why) {
            return new ConfigurationException(key, describe(key, value) + ": " + why);
        }

        int intValue(String key, int min, int max) {
            return (int) longValue(key, min, max);
        }

        long longValue(String key, long min, long max) {
            String v = raw(key, ConfigKeys.GLOBAL.get(key));
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    throw bad(key, v, "must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw bad(key, v, "is not a whole number");
            }
        }

        Provider cryptoProvider() {
            String key = ConfigKeys.CRYPTO_PROVIDER;
            String name = blankToNull(values.get(key));
            if (name == null) {
                return null;
            }
            Provider installed = Security.getProvider(name);
            if (installed != null) {
                return installed;
            }
            if (name.contains(".")) {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                try {
                    Class<?> type = Class.forName(name, true, loader != null ? loader : ZtConfig.class.getClassLoader());
                    if (!Provider.class.isAssignableFrom(type)) {
                        throw bad(key, name, "is not a java.security.Provider");
                    }
                    return (Provider) type.getConstructor().newInstance();
                } catch (ClassNotFoundException e) {
                    throw bad(key, name, "is neither an installed provider's name nor a class on the application's"
                            + " class path");
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw bad(key, name, "cannot be instantiated (" + e.getClass().getSimpleName() + ")");
                }
            }
            List<String> names = new ArrayList<>();
            for (Provider p : Security.getProviders()) {
                names.add(p.getName());
            }
            throw bad(key, name, "no JCA provider of that name is installed (installed: " + names + "); name an"
                    + " installed provider or a provider class on the application's class path, e.g."
                    + " org.bouncycastle.jce.provider.BouncyCastleProvider");
        }

        Set<String> cryptoProviderAlgorithms(Provider provider) {
            String key = ConfigKeys.CRYPTO_PROVIDER_ALGORITHMS;
            String v = raw(key, ConfigKeys.GLOBAL.get(key));
            Set<String> algorithms = list(v);
            if (algorithms.isEmpty()) {
                throw bad(key, v, "must name at least one algorithm");
            }
            for (String a : algorithms) {
                if (!SUPPORTED_ALGORITHMS.contains(a) || a.startsWith("HS")) {
                    throw bad(key, v, "'" + a + "' is not an asymmetric JWS algorithm zt verifies");
                }
                String jca = Algorithms.jcaName(a);
                if (provider.getService("Signature", jca) == null) {
                    throw bad(key, v, "provider " + provider.getName() + " has no Signature '" + jca + "' for " + a);
                }
            }
            return algorithms;
        }

        boolean bool(String key) {
            String v = raw(key, ConfigKeys.GLOBAL.get(key));
            if ("true".equalsIgnoreCase(v)) {
                return true;
            }
            if ("false".equalsIgnoreCase(v)) {
                return false;
            }
            throw bad(key, v, "must be true or false");
        }

        Duration duration(String key) {
            return parseDuration(key, raw(key, ConfigKeys.GLOBAL.get(key)));
        }

        Duration positiveDuration(String key) {
            Duration d = duration(key);
            if (d.isZero()) {
                throw bad(key, raw(key, ConfigKeys.GLOBAL.get(key)), "must be longer than zero");
            }
            return d;
        }

        Duration optionalDuration(String key) {
            String v = values.get(key);
            return v == null || v.isEmpty() ? null : parseDuration(key, v);
        }

        private Duration parseDuration(String key, String v) {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw bad(key, v, "is not a duration; write ISO-8601 (PT30S) or a short form (500ms, 30s, 15m, 8h,"
                        + " 1d)");
            }
        }

        Map<String, IssuerConfig> issuers(boolean allowHttp) {
            Set<String> names = new LinkedHashSet<>();
            boolean shortcut = false;
            for (String key : values.keySet()) {
                if (key.startsWith(ConfigKeys.ISSUERS_PREFIX)) {
                    String rest = key.substring(ConfigKeys.ISSUERS_PREFIX.length());
                    names.add(rest.substring(0, rest.indexOf('.')));
                } else if (ConfigKeys.ISSUER_KEYS.containsKey(key.substring(3))) {
                    shortcut = true;
                }
            }
            if (shortcut && names.contains("default")) {
                throw new ConfigurationException(ConfigKeys.shortcut(ConfigKeys.ISSUER), "both the single-issuer keys"
                        + " (zt.issuer, ...) and zt.issuers.default.* are set; use one spelling");
            }
            Map<String, IssuerConfig> result = new LinkedHashMap<>();
            if (shortcut) {
                result.put("default", issuer("default", true, allowHttp));
            }
            for (String n : names) {
                result.put(n, issuer(n, false, allowHttp));
            }
            Map<String, String> seen = new LinkedHashMap<>();
            for (IssuerConfig c : result.values()) {
                String other = seen.put(c.issuer(), c.name());
                if (other != null) {
                    throw new ConfigurationException(key(c.name(), c.name().equals("default") && shortcut,
                            ConfigKeys.ISSUER), "issuers '" + other + "' and '" + c.name() + "' both trust iss '"
                            + c.issuer() + "'; an issuer must be configured once");
                }
            }
            return result;
        }

        private static String key(String name, boolean shortcut, String sub) {
            return shortcut ? ConfigKeys.shortcut(sub) : ConfigKeys.named(name, sub);
        }

        private IssuerConfig issuer(String name, boolean shortcut, boolean allowHttp) {
            String issuerKey = key(name, shortcut, ConfigKeys.ISSUER);
            String iss = values.get(issuerKey);
            if (iss == null || iss.isEmpty()) {
                throw new ConfigurationException(issuerKey, "issuer '" + name + "' has no '" + issuerKey
                        + "': set the exact iss value its tokens carry");
            }
            String audKey = key(name, shortcut, ConfigKeys.AUDIENCE);
            Set<String> audiences = list(values.get(audKey));
            if (audiences.isEmpty()) {
                throw new ConfigurationException(audKey, "issuer '" + name + "' has no '" + audKey + "': set the"
                        + " audience its tokens are issued for (RFC 7519 section 4.1.3); zt never accepts tokens"
                        + " meant for someone else");
            }
            String jwksKey = key(name, shortcut, ConfigKeys.JWKS_URI);
            String pemKey = key(name, shortcut, ConfigKeys.PUBLIC_KEY);
            String secretKey = key(name, shortcut, ConfigKeys.SECRET);
            String jwks = blankToNull(values.get(jwksKey));
            String pem = blankToNull(values.get(pemKey));
            String secret = blankToNull(values.get(secretKey));
            int sourcesSet = (jwks == null ? 0 : 1) + (pem == null ? 0 : 1) + (secret == null ? 0 : 1);
            if (sourcesSet > 1) {
                throw new ConfigurationException(jwksKey, "issuer '" + name + "' sets more than one of '" + jwksKey
                        + "', '" + pemKey + "' and '" + secretKey + "'; choose one key source");
            }
            URI jwksUri = jwks == null ? null : jwksUri(jwksKey, jwks, allowHttp);
            if (pem != null && !(pem.startsWith("file:") || pem.startsWith("classpath:"))) {
                throw bad(pemKey, pem, "must be a file: path or a classpath: resource");
            }
            if (secret != null && !(secret.startsWith("env:") || secret.startsWith("file:"))) {
                throw bad(secretKey, "(not shown)", "must be env:VARIABLE or file:path holding the base64 secret;"
                        + " secrets are never written into configuration");
            }
            boolean localJwks = jwksUri != null && !jwksUri.getScheme().startsWith("http");
            String algKey = key(name, shortcut, ConfigKeys.ALGORITHMS);
            Set<String> algorithms = list(values.get(algKey));
            if (algorithms.isEmpty()) {
                algorithms = secret != null ? Set.of("HS256") : DEFAULT_ASYMMETRIC_ALGORITHMS;
            }
            for (String a : algorithms) {
                if (a.equalsIgnoreCase("none")) {
                    throw bad(algKey, values.get(algKey), "'none' (unsecured JWS) is never accepted (RFC 8725"
                            + " section 3.2)");
                }
                if (!SUPPORTED_ALGORITHMS.contains(a)) {
                    throw bad(algKey, values.get(algKey), "unknown algorithm '" + a + "'; supported: "
                            + new TreeSet<>(SUPPORTED_ALGORITHMS));
                }
                boolean hmac = a.startsWith("HS");
                if (hmac && secret == null && !localJwks && !(jwksUri == null && pem == null)) {
                    throw bad(algKey, values.get(algKey), "HMAC algorithm '" + a + "' needs a symmetric key ('"
                            + secretKey + "' or a local JWK Set file); keys fetched over the network or public"
                            + " keys are never used as HMAC secrets");
                }
                if (!hmac && secret != null) {
                    throw bad(algKey, values.get(algKey), "'" + a + "' needs a public key but issuer '" + name
                            + "' is configured with a secret");
                }
            }
            String rolesKey = key(name, shortcut, ConfigKeys.ROLES_CLAIM);
            String roles = raw(rolesKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.ROLES_CLAIM));
            if (roles.isEmpty() || roles.startsWith(".") || roles.endsWith(".") || roles.contains("..")) {
                throw bad(rolesKey, roles, "must be a claim name or a dotted path such as realm_access.roles");
            }
            String scopeKey = key(name, shortcut, ConfigKeys.SCOPE_CLAIM);
            List<String> scopeClaims = new ArrayList<>(list(raw(scopeKey,
                    ConfigKeys.ISSUER_KEYS.get(ConfigKeys.SCOPE_CLAIM))));
            if (scopeClaims.isEmpty()) {
                throw bad(scopeKey, values.get(scopeKey), "must name at least one claim");
            }
            String skewKey = key(name, shortcut, ConfigKeys.CLOCK_SKEW);
            Duration skew = parseDuration(skewKey, raw(skewKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.CLOCK_SKEW)));
            if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw bad(skewKey, values.get(skewKey), "must not exceed " + Durations.format(MAX_CLOCK_SKEW));
            }
            String typ = blankToNull(values.get(key(name, shortcut, ConfigKeys.TYP)));
            String logoutKey = key(name, shortcut, ConfigKeys.LOGOUT_AUDIENCE);
            Set<String> logoutAudiences = list(values.get(logoutKey));
            for (String a : logoutAudiences) {
                if (audiences.contains(a)) {
                    throw bad(logoutKey, values.get(logoutKey), "'" + a + "' is also an accepted access-token"
                            + " audience; the client id that receives logout tokens must differ from the API's"
                            + " audience, so that neither kind of token can pass for the other");
                }
            }
            String typeKey = key(name, shortcut, ConfigKeys.TYPE);
            String typeValue = raw(typeKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.TYPE)).toLowerCase(Locale.ROOT);
            IssuerConfig.Type type;
            if (typeValue.equals("user")) {
                type = IssuerConfig.Type.USER;
            } else if (typeValue.equals("service")) {
                type = IssuerConfig.Type.SERVICE;
            } else {
                throw bad(typeKey, typeValue, "must be user or service");
            }
            String trustKey = key(name, shortcut, ConfigKeys.CLAIMS_TRUSTED);
            Set<IssuerConfig.TrustedClaim> trusted = trustedClaims(trustKey, values.get(trustKey), type);
            return new IssuerConfig(name, type, trusted, iss, audiences, algorithms, jwksUri, pem, secret, roles,
                    scopeClaims, skew, typ, logoutAudiences);
        }

        /** {@code roles,scopes,acr}, {@code none}, or unset: everything for user issuers, nothing for services. */
        private Set<IssuerConfig.TrustedClaim> trustedClaims(String key, String value, IssuerConfig.Type type) {
            if (value == null || value.isEmpty()) {
                return type == IssuerConfig.Type.SERVICE ? Set.of()
                        : java.util.EnumSet.allOf(IssuerConfig.TrustedClaim.class);
            }
            Set<IssuerConfig.TrustedClaim> out = java.util.EnumSet.noneOf(IssuerConfig.TrustedClaim.class);
            Set<String> names = list(value);
            if (names.equals(Set.of("none"))) {
                return out;
            }
            for (String n : names) {
                switch (n.toLowerCase(Locale.ROOT)) {
                    case "roles":
                        out.add(IssuerConfig.TrustedClaim.ROLES);
                        break;
                    case "scopes":
                        out.add(IssuerConfig.TrustedClaim.SCOPES);
                        break;
                    case "acr":
                        out.add(IssuerConfig.TrustedClaim.ACR);
                        break;
                    default:
                        throw bad(key, value, "'" + n + "' is not a claim kind; use roles, scopes, acr or none");
                }
            }
            return out;
        }

        private URI jwksUri(String key, String value, boolean allowHttp) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw bad(key, value, "is not a URI");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "https":
                case "file":
                case "classpath":
                    return uri;
                case "http":
                    if (!allowHttp && !isLoopback(uri.getHost())) {
                        throw bad(key, value, "plain http is allowed for loopback hosts only; use https, or set "
                                + ConfigKeys.JWKS_ALLOW_HTTP + "=true if a trusted network protects it");
                    }
                    return uri;
                default:
                    throw bad(key, value, "must be an https:, http: (loopback), file: or classpath: URI");
            }
        }

        private static boolean isLoopback(String host) {
            if (host == null) {
                return false;
            }
            return host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
                    || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        }

        private static String blankToNull(String v) {
            return v == null || v.isEmpty() ? null : v;
        }

        static Set<String> list(String v) {
            if (v == null || v.isBlank()) {
                return Set.of();
            }
            Set<String> out = new LinkedHashSet<>();
            Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(out::add);
            return Collections.unmodifiableSet(out);
        }
    }
}
