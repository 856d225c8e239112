package dev.zt;

import dev.zt.config.ZtConfig;
import dev.zt.monitoring.DecisionLog;
import dev.zt.risk.FailedAttempts;
import dev.zt.risk.RiskEngine;
import dev.zt.service.ServiceTokens;
import dev.zt.session.SessionManager;
import dev.zt.spi.event.SecurityEventListener;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.risk.DeviceIdentifier;
import dev.zt.spi.risk.GeoLocator;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.TrustPolicy;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.WindowStore;
import dev.zt.ssf.SharedSignals;
import dev.zt.policy.PolicyDecisionPoint;
import dev.zt.token.SenderConstraints;
import dev.zt.token.TokenVerifier;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/**
 * The zt engine an enforcement point holds: the token verifier (trusting the configured issuers and zt's own session
 * issuer), the session manager (NIST SP 800-207 Policy Administrator), the risk engine (Policy Engine), the decision
 * log, the stores and the configuration. Built once per application; thread-safe; no static state. {@link #close()}
 * stops background work.
 *
 * <pre>{@code
 * ZtConfig config = ZtConfig.builder().sources(ConfigSource.standard(initParams, loader)).build();
 * ZeroTrust zt = ZeroTrust.builder(config).riskCheck(new BlockedCountryCheck()).build();
 * }</pre>
 */
public final class ZeroTrust implements AutoCloseable {

    private final ZtConfig config;
    private final Clock clock;
    private final TokenVerifier verifier;
    private final SessionManager sessions;
    private final ServiceTokens serviceTokens;
    private final RiskEngine risk;
    private final DecisionLog events;
    private final DeviceIdentifier deviceIdentifier;
    private final RevocationStore revocations;
    private final ReplayCache replays;
    private final FailedAttempts attempts;
    private final SharedSignals sharedSignals;
    private final SenderConstraints senderConstraints;
    private final PolicyDecisionPoint pdp;
    private final java.util.function.Supplier<dev.zt.monitoring.Health> health;
    private final List<AutoCloseable> closeables;
    private final UnaryOperator<StoreProvider.Budget> budgets;

    ZeroTrust(Assembly a) {
        this.config = a.config;
        this.clock = a.clock;
        this.verifier = a.verifier;
        this.sessions = a.sessions;
        this.serviceTokens = a.serviceTokens;
        this.risk = a.risk;
        this.events = a.events;
        this.deviceIdentifier = a.deviceIdentifier;
        this.revocations = a.revocations;
        this.replays = a.replays;
        this.attempts = a.attempts;
        this.sharedSignals = a.sharedSignals;
        this.senderConstraints = a.senderConstraints;
        this.pdp = a.pdp;
        this.health = a.health;
        this.closeables = List.copyOf(a.closeables);
        this.budgets = a.budgets;
    }

    /** Starts a builder. */
    public static Builder builder(ZtConfig config) {
        return new Builder(config);
    }

    /** The validated configuration. */
    public ZtConfig config() {
        return config;
    }

    /** The clock every time decision uses. */
    public Clock clock() {
        return clock;
    }

    /** Verifies access tokens and session tokens. */
    public TokenVerifier verifier() {
        return verifier;
    }

    /** Issues, refreshes, steps up and revokes sessions (the Policy Administrator). */
    public SessionManager sessions() {
        return sessions;
    }

    /** This service's own tokens for outbound calls, when {@code zt.service.id} is configured. */
    public Optional<ServiceTokens> serviceTokens() {
        return Optional.ofNullable(serviceTokens);
    }

    /** A device identifier given in code, replacing the built-ins, when any. */
    public Optional<DeviceIdentifier> deviceIdentifier() {
        return Optional.ofNullable(deviceIdentifier);
    }

    /** The risk engine (the Policy Engine): checks, trust policy, profiles, behaviour windows. */
    public RiskEngine risk() {
        return risk;
    }

    /** Where decisions are reported and counted (audit log, listeners, JMX, Micrometer). */
    public DecisionLog events() {
        return events;
    }

    /** Revoked tokens, provider sessions and subject cut-offs, consulted on every verification. */
    public RevocationStore revocations() {
        return revocations;
    }

    /**
     * One-time values (back-channel logout tokens, TOTP codes): shared by every node with a shared store
     * ({@code zt.store}).
     */
    public ReplayCache replays() {
        return replays;
    }

    /**
     * Failed logins and step-ups, for applications with their own login or MFA page: an account or a client address
     * with too many failures within {@code zt.auth-failures.window} is locked.
     */
    public FailedAttempts failedAttempts() {
        return attempts;
    }

    /**
     * The Shared Signals receiver ({@code zt.ssf.transmitters.*}): security events from identity providers and other
     * transmitters, acted on by the session manager; {@link SharedSignals#enabled()} is false when none is configured.
     */
    public SharedSignals sharedSignals() {
        return sharedSignals;
    }

    /**
     * The policy decision point resource-level permissions are asked of ({@code zt.authzen.pdp}, OpenID AuthZEN 1.0),
     * when one is configured.
     */
    public Optional<PolicyDecisionPoint> policyDecisionPoint() {
        return Optional.ofNullable(pdp);
    }

    /**
     * What zt depends on, as it stands on this node: each issuer's keys, the stores, each Shared Signals stream, the
     * AuthZEN PDP (checked at most every five seconds; read only). For orchestrators and operators; the filter serves
     * it as JSON with {@code zt.health.enabled}.
     */
    public dev.zt.monitoring.Health health() {
        return health.get();
    }

    /**
     * Sender-constrained tokens: DPoP proofs (RFC 9449) and certificate-bound tokens (RFC 8705), checked by the
     * enforcement point after a token is verified.
     */
    public SenderConstraints senderConstraints() {
        return senderConstraints;
    }

    /** True in {@code zt.mode=report-only}: decisions are logged, nothing is refused or revoked. */
    public boolean reportOnly() {
        return config.reportOnly();
    }

    /**
     * Starts (or, given the budget it had, resumes) one request's store work on this thread (see
     * {@link StoreProvider.Stores#budget}): with a shared store ({@code zt.store}) every store call until it is closed
     * spends from one timeout, so a request waits one timeout at most however many lookups it makes. The filter
     * opens it for each request and closes it before the application runs.
     */
    public StoreProvider.Budget storeBudget(StoreProvider.Budget resumed) {
        return budgets.apply(resumed);
    }

    @Override
    public void close() {
        Assembly.close(closeables);
    }

    /** Assembles an engine; every collaborator has a default. Not thread-safe; build once. */
    public static final class Builder {
        final ZtConfig config;
        Clock clock = Clock.systemUTC();
        RevocationStore revocationStore;
        SessionStore sessionStore;
        final Map<String, KeySource> keySources = new LinkedHashMap<>();
        final Map<String, KeySource> transmitterKeySources = new LinkedHashMap<>();
        Map<String, String> environment;
        ClassLoader classLoader;
        final List<RiskCheck> riskChecks = new ArrayList<>();
        final List<SecurityEventListener> listeners = new ArrayList<>();
        TrustPolicy trustPolicy;
        GeoLocator geoLocator;
        ProfileStore profileStore;
        DeviceIdentifier deviceIdentifier;
        WindowStore windowStore;
        ReplayCache replayCache;
        ExecutorService executor;
        String application = "zt";
        dev.zt.monitoring.Telemetry telemetry = dev.zt.monitoring.Telemetry.defaults();

        private Builder(ZtConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The clock (default: system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** The revocation store (default: in memory, or the shared store of {@code zt.store}). */
        public Builder revocationStore(RevocationStore s) {
            this.revocationStore = Objects.requireNonNull(s);
            return this;
        }

        /** The session store (default: in memory, bounded by {@code zt.session.max-entries}). */
        public Builder sessionStore(SessionStore s) {
            this.sessionStore = Objects.requireNonNull(s);
            return this;
        }

        /** A key source for a configured issuer that has no key location ({@code jwks-uri}, {@code public-key}). */
        public Builder keySource(String issuerName, KeySource source) {
            keySources.put(issuerName, Objects.requireNonNull(source));
            return this;
        }

        /** The environment secrets are read from (default: the process environment). */
        public Builder environment(Map<String, String> env) {
            this.environment = env;
            return this;
        }

        /** Adds a risk check (explicit checks come before discovered ones). */
        public Builder riskCheck(RiskCheck check) {
            riskChecks.add(Objects.requireNonNull(check));
            return this;
        }

        /** Adds a security event listener. */
        public Builder eventListener(SecurityEventListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Replaces the default trust policy. */
        public Builder trustPolicy(TrustPolicy policy) {
            this.trustPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** Sets the geo-locator (default: {@code zt.geo.cidr-file} when configured). */
        public Builder geoLocator(GeoLocator locator) {
            this.geoLocator = Objects.requireNonNull(locator);
            return this;
        }

        /** Replaces the built-in device identification (claim, signed cookie). */
        public Builder deviceIdentifier(DeviceIdentifier identifier) {
            this.deviceIdentifier = Objects.requireNonNull(identifier);
            return this;
        }

        /**
         * The key source of a configured Shared Signals transmitter, instead of its {@code jwks-uri} or SSF
         * configuration.
         *
         * @throws IllegalStateException when given twice for the same transmitter
         */
        public Builder transmitterKeySource(String transmitterName, KeySource source) {
            if (transmitterKeySources.putIfAbsent(transmitterName, Objects.requireNonNull(source, "source")) != null) {
                throw new IllegalStateException("a key source for transmitter '" + transmitterName
                        + "' was already set");
            }
            return this;
        }

        /** Sets the rate and behaviour window store (default: in memory, per node). */
        public Builder windowStore(WindowStore store) {
            this.windowStore = Objects.requireNonNull(store);
            return this;
        }

        /** Sets the replay cache (default: in memory, bounded by {@code zt.replay.max-entries}). */
        public Builder replayCache(ReplayCache cache) {
            this.replayCache = Objects.requireNonNull(cache);
            return this;
        }

        /** Sets the profile store (default: in memory, bounded by {@code zt.risk.profiles.max-entries}). */
        public Builder profileStore(ProfileStore store) {
            this.profileStore = Objects.requireNonNull(store);
            return this;
        }

        /**
         * The executor blocking risk checks run on: the application's (e.g. Jakarta Concurrency's
         * {@code ManagedExecutorService}), never shut down by zt. Default: a small bounded pool of zt's own.
         */
        public Builder executor(ExecutorService executorService) {
            this.executor = Objects.requireNonNull(executorService);
            return this;
        }

        /** The application's name, tagging its meters and its JMX view (default {@code zt}). */
        public Builder applicationName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an application name must not be blank");
            }
            this.application = name;
            return this;
        }

        /**
         * Where meters, trace attributes and event log records go (default {@link dev.zt.monitoring.Telemetry#defaults()}:
         * the global Micrometer registry and {@code GlobalOpenTelemetry} when present, as {@code zt.telemetry.*} allow).
         */
        public Builder telemetry(dev.zt.monitoring.Telemetry t) {
            this.telemetry = Objects.requireNonNull(t, "telemetry");
            return this;
        }

        /** The class loader for {@code classpath:} locations and discovery (default: the thread context loader). */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws dev.zt.config.ConfigurationException for an unusable configuration or key
         */
        public ZeroTrust build() {
            return new ZeroTrust(Assembly.of(this));
        }
    }
}
