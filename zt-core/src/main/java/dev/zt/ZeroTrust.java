package dev.zt;

import dev.zt.config.SessionSettings;
import dev.zt.config.ConfigurationException;
import dev.zt.config.IssuerConfig;
import dev.zt.config.ZtConfig;
import dev.zt.config.ConfigKeys;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.session.DefaultSessionManager;
import dev.zt.internal.session.InMemorySessionStore;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.risk.FailedAttempts;
import dev.zt.risk.RiskEngine;
import dev.zt.service.ServiceTokens;
import dev.zt.spi.risk.DeviceIdentifier;
import dev.zt.spi.risk.GeoLocator;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.event.SecurityEventListener;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.risk.TrustPolicy;
import dev.zt.session.SessionManager;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionStore;
import dev.zt.token.TokenVerifier;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The zt engine an enforcement point holds: the token verifier (trusting the configured issuers and zt's own session
 * issuer), the session manager, the configuration and the clock. Built once per filter or application; thread-safe;
 * no static state. {@link #close()} stops background work.
 */
public final class ZeroTrust implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt");

    private final ZtConfig config;
    private final Clock clock;
    private final TokenVerifier verifier;
    private final SessionManager sessions;
    private final ServiceTokens serviceTokens;
    private final RiskEngine risk;
    private final DeviceIdentifier deviceIdentifier;
    private final AutoCloseable stores;
    private final ReplayCache replays;
    private final FailedAttempts attempts;

    private ZeroTrust(ZtConfig config, Clock clock, TokenVerifier verifier, SessionManager sessions,
            ServiceTokens serviceTokens, RiskEngine risk, DeviceIdentifier deviceIdentifier, AutoCloseable stores,
            ReplayCache replays, FailedAttempts attempts) {
        this.stores = stores;
        this.replays = replays;
        this.attempts = attempts;
        this.risk = risk;
        this.deviceIdentifier = deviceIdentifier;
        this.config = config;
        this.clock = clock;
        this.verifier = verifier;
        this.sessions = sessions;
        this.serviceTokens = serviceTokens;
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

    /** Issues, refreshes, steps up and revokes sessions. */
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

    /**
     * One-time values (back-channel logout tokens, TOTP codes): shared by every node with a shared store
     * ({@code zt.store}).
     */
    public ReplayCache replays() {
        return replays;
    }

    /**
     * Failed logins and step-ups, for applications with their own login or MFA page: a key (a user, a client
     * address) with {@code zt.auth-failures.max} failures within {@code zt.auth-failures.window} is locked.
     */
    public FailedAttempts failedAttempts() {
        return attempts;
    }

    /** True in {@code zt.mode=report-only}: decisions are logged, nothing is refused or revoked. */
    public boolean reportOnly() {
        return config.reportOnly();
    }

    /** The risk engine: checks, trust policy, profiles, events and counters. */
    public RiskEngine risk() {
        return risk;
    }

    @Override
    public void close() {
        verifier.close();
        risk.close();
        if (stores != null) {
            try {
                stores.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the shared stores failed ({0})", e.getClass().getSimpleName());
            }
        }
    }

    /** Assembles an engine; every collaborator has a default. */
    public static final class Builder {
        private final ZtConfig config;
        private Clock clock = Clock.systemUTC();
        private RevocationStore revocationStore;
        private SessionStore sessionStore;
        private final Map<String, KeySource> keySources = new LinkedHashMap<>();
        private Map<String, String> environment;
        private ClassLoader classLoader;
        private final List<RiskCheck> riskChecks = new java.util.ArrayList<>();
        private final List<SecurityEventListener> listeners = new java.util.ArrayList<>();
        private TrustPolicy trustPolicy;
        private GeoLocator geoLocator;
        private ProfileStore profileStore;
        private DeviceIdentifier deviceIdentifier;
        private dev.zt.spi.store.WindowStore windowStore;
        private ReplayCache replayCache;

        private Builder(ZtConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The clock (default: system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** The revocation store (default: in memory). */
        public Builder revocationStore(RevocationStore s) {
            this.revocationStore = Objects.requireNonNull(s);
            return this;
        }

        /** The session store (default: in memory, bounded by {@code zt.session.max-entries}). */
        public Builder sessionStore(SessionStore s) {
            this.sessionStore = Objects.requireNonNull(s);
            return this;
        }

        /** A key source for a configured issuer (see {@link TokenVerifier.Builder#keySource}). */
        public Builder keySource(String issuerName, KeySource source) {
            keySources.put(issuerName, source);
            return this;
        }

        /** The environment secrets are read from. */
        public Builder environment(Map<String, String> env) {
            this.environment = env;
            return this;
        }

        /** The stores named by {@code zt.store} (strict discovery), or {@code null} for the in-memory default. */
        private StoreProvider.Stores sharedStores(ClassLoader loader) {
            String name = config.setting(ConfigKeys.STORE).filter(v -> !v.isEmpty()).orElse("memory");
            if (name.equals("memory")) {
                return null;
            }
            StoreProvider found = null;
            java.util.Set<Class<?>> seen = new java.util.HashSet<>();
            for (ClassLoader cl : new ClassLoader[] {loader, ZeroTrust.class.getClassLoader()}) {
                if (cl == null) {
                    continue;
                }
                for (StoreProvider p : java.util.ServiceLoader.load(StoreProvider.class, cl)) {
                    if (!seen.add(p.getClass()) || !p.name().equals(name)) {
                        continue;
                    }
                    if (found != null) {
                        throw new ConfigurationException(ConfigKeys.STORE, "two store providers are named '" + name
                                + "': " + found.getClass().getName() + " and " + p.getClass().getName());
                    }
                    found = p;
                }
            }
            if (found == null) {
                throw new ConfigurationException(ConfigKeys.STORE, "'" + ConfigKeys.STORE + "' = '" + name
                        + "': no store provider of that name is on the class path (for redis add zt-store-redis)");
            }
            return found.create(config, clock, loader);
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

        /** Sets the geo-locator. */
        public Builder geoLocator(GeoLocator locator) {
            this.geoLocator = Objects.requireNonNull(locator);
            return this;
        }

        /** Replaces the built-in device identification (claim, signed cookie). */
        public Builder deviceIdentifier(DeviceIdentifier identifier) {
            this.deviceIdentifier = Objects.requireNonNull(identifier);
            return this;
        }

        /** Sets the rate and behaviour window store (default: in memory, per node). */
        public Builder windowStore(dev.zt.spi.store.WindowStore store) {
            this.windowStore = Objects.requireNonNull(store);
            return this;
        }

        /** Sets the replay cache (default: in memory, bounded by {@code zt.replay.max-entries}). */
        public Builder replayCache(ReplayCache cache) {
            this.replayCache = Objects.requireNonNull(cache);
            return this;
        }

        /** Sets the profile store. */
        public Builder profileStore(ProfileStore store) {
            this.profileStore = Objects.requireNonNull(store);
            return this;
        }

        /** The class loader for {@code classpath:} locations. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws ConfigurationException for an unusable configuration or key
         */
        public ZeroTrust build() {
            ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            StoreProvider.Stores shared = sharedStores(loader);
            if (shared != null) {
                if (sessionStore == null) {
                    shared.sessions().ifPresent(st -> sessionStore = st);
                }
                if (revocationStore == null) {
                    shared.revocations().ifPresent(st -> revocationStore = st);
                }
                if (profileStore == null) {
                    shared.profiles().ifPresent(st -> profileStore = st);
                }
                if (windowStore == null) {
                    shared.windows().ifPresent(st -> windowStore = st);
                }
                if (replayCache == null) {
                    shared.replays().ifPresent(st -> replayCache = st);
                }
            }
            if (windowStore == null) {
                windowStore = RiskEngine.Builder.defaultWindows(config, clock);
            }
            ReplayCache replays = replayCache != null ? replayCache
                    : new dev.zt.internal.revocation.InMemoryReplayCache(clock, config.replayMaxEntries());
            SessionSettings s = config.session();
            SigningKeys keys;
            if (s.signingKey().isPresent()) {
                try {
                    keys = SigningKeys.load(s.signingKey().get(), loader);
                } catch (RuntimeException e) {
                    throw new ConfigurationException(ConfigKeys.SESSION_SIGNING_KEY, "cannot use "
                            + ConfigKeys.SESSION_SIGNING_KEY + " " + s.signingKey().get() + ": " + e.getMessage());
                }
            } else {
                keys = SigningKeys.generate();
                LOG.log(Level.WARNING, "no zt.session.signing-key configured: session tokens are signed with a key"
                        + " generated at start-up, which suits a single node only (other nodes cannot verify them,"
                        + " and a restart logs everyone out)");
            }
            IssuerConfig sessionIssuer = IssuerConfig.programmatic(SessionManager.ISSUER_NAME, s.issuer(),
                    Set.of(s.issuer()), Set.of(keys.algorithm()), "roles", List.of("scope"), Duration.ofSeconds(30),
                    SessionManager.TOKEN_TYPE);
            TokenVerifier.Builder vb = TokenVerifier.builder(config).clock(clock)
                    .issuer(sessionIssuer, new StaticKeySource(KeySet.of(List.of(keys.verificationKey())),
                            "zt session key"));
            keySources.forEach(vb::keySource);
            if (revocationStore != null) {
                vb.revocationStore(revocationStore);
            }
            if (environment != null) {
                vb.environment(environment);
            }
            vb.classLoader(loader);
            TokenVerifier verifier = vb.build();
            SessionStore store = sessionStore != null ? sessionStore : new InMemorySessionStore(clock,
                    s.maxEntries(), s.idleTimeout(), s.maxLifetime());
            ServiceTokens service = ServiceTokens.configured(config) ? ServiceTokens.fromConfig(config, clock, loader)
                    : null;
            RiskEngine.Builder rb = RiskEngine.builder(config, clock).classLoader(loader);
            riskChecks.forEach(rb::check);
            listeners.forEach(rb::listener);
            if (trustPolicy != null) {
                rb.policy(trustPolicy);
            }
            if (geoLocator != null) {
                rb.geoLocator(geoLocator);
            }
            if (profileStore != null) {
                rb.profileStore(profileStore);
            }
            rb.windowStore(windowStore);
            RiskEngine risk;
            try {
                risk = rb.build();
            } catch (RuntimeException e) {
                verifier.close();
                throw e;
            }
            SessionManager sessions = new DefaultSessionManager(s, clock, store, keys, verifier.revocationStore(),
                    windowStore, config.reportOnly());
            FailedAttempts attempts = new FailedAttempts(windowStore, config.authFailuresMax(),
                    config.authFailuresMaxPerClient(), config.authFailuresWindow());
            return new ZeroTrust(config, clock, verifier, sessions, service, risk, deviceIdentifier, shared, replays,
                    attempts);
        }
    }
}
