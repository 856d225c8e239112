package dev.zt;

import dev.zt.config.ConfigKeys;
import dev.zt.config.ConfigurationException;
import dev.zt.config.IssuerConfig;
import dev.zt.config.RiskSettings;
import dev.zt.config.SessionSettings;
import dev.zt.config.ZtConfig;
import dev.zt.internal.config.Locations;
import dev.zt.internal.keys.DefaultServiceTokens;
import dev.zt.internal.keys.DerivedKeys;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.internal.authzen.AuthzenClient;
import dev.zt.internal.pop.DefaultSenderConstraints;
import dev.zt.policy.PolicyDecisionPoint;
import dev.zt.token.SenderConstraints;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.monitoring.DefaultDecisionLog;
import dev.zt.internal.revocation.InMemoryReplayCache;
import dev.zt.internal.risk.CidrGeoLocator;
import dev.zt.internal.risk.DefaultRiskEngine;
import dev.zt.internal.risk.InMemoryProfileStore;
import dev.zt.internal.risk.RiskChecks;
import dev.zt.internal.risk.RiskHistory;
import dev.zt.internal.session.DefaultSessionManager;
import dev.zt.internal.session.InMemorySessionStore;
import dev.zt.internal.ssf.DefaultSharedSignals;
import dev.zt.internal.ssf.SharedSignalsFactory;
import dev.zt.internal.store.GuardedStores;
import dev.zt.internal.store.StoreGuard;
import dev.zt.internal.token.DefaultTokenVerifier;
import dev.zt.internal.token.TokenVerifiers;
import dev.zt.monitoring.DecisionLog;
import dev.zt.risk.FailedAttempts;
import dev.zt.risk.RiskEngine;
import dev.zt.service.ServiceTokens;
import dev.zt.session.SessionManager;
import dev.zt.spi.event.SecurityEventListener;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.risk.DeviceIdentifier;
import dev.zt.spi.risk.GeoLocator;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.StoreProvider;
import dev.zt.spi.store.WindowStore;
import dev.zt.ssf.SharedSignals;
import dev.zt.token.TokenVerifier;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import dev.zt.monitoring.Telemetry;
import dev.zt.monitoring.TelemetryProvider;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Wires an engine from its builder: the shared stores ({@code zt.store}, strict discovery), the session key, the
 * verifier, the decision log, the risk engine and the session manager. What zt creates it also closes; what the
 * application hands in (an executor, stores) it never does.
 */
final class Assembly {

    private static final System.Logger LOG = System.getLogger("dev.zt");
    /** While a store backend is down, one call per interval finds out whether it is back; the others fail at once. */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    ZtConfig config;
    Clock clock;
    TokenVerifier verifier;
    SessionManager sessions;
    ServiceTokens serviceTokens;
    RiskEngine risk;
    DecisionLog events;
    DeviceIdentifier deviceIdentifier;
    RevocationStore revocations;
    ReplayCache replays;
    FailedAttempts attempts;
    SharedSignals sharedSignals;
    SenderConstraints senderConstraints;
    PolicyDecisionPoint pdp;
    /** The health view's checks. */
    java.util.function.Supplier<dev.zt.monitoring.Health> health;
    final List<AutoCloseable> closeables = new ArrayList<>();
    /** The shared stores' request budgets (none with the in-memory default). */
    UnaryOperator<StoreProvider.Budget> budgets = resumed -> StoreProvider.Budget.NONE;

    private Assembly() {
    }

    static Assembly of(ZeroTrust.Builder b) {
        Assembly a = new Assembly();
        try {
            a.wire(b);
            return a;
        } catch (RuntimeException e) {
            close(a.closeables);
            throw e;
        }
    }

    private void wire(ZeroTrust.Builder b) {
        config = b.config;
        clock = b.clock;
        deviceIdentifier = b.deviceIdentifier;
        ClassLoader loader = b.classLoader != null ? b.classLoader : Thread.currentThread().getContextClassLoader();
        StoreProvider.Stores shared = sharedStores(loader);
        if (shared != null) {
            closeables.add(shared);
            budgets = shared::budget;
        }
        // every store that is not zt's in-memory default goes through a guard of its backend: failures are
        // store_unavailable, logged and counted at most once a minute, no waiting on a backend known to be down
        StoreGuard given = guard("application");
        StoreGuard backend = shared == null ? null : guard(storeName());
        SessionStore sessionStore = guarded(b.sessionStore, given, shared, StoreProvider.Stores::sessions, backend,
                GuardedStores::sessions);
        RevocationStore revocationStore = guarded(b.revocationStore, given, shared, StoreProvider.Stores::revocations,
                backend, GuardedStores::revocations);
        ProfileStore profileStore = guarded(b.profileStore, given, shared, StoreProvider.Stores::profiles, backend,
                GuardedStores::profiles);
        WindowStore windows = guarded(b.windowStore, given, shared, StoreProvider.Stores::windows, backend,
                GuardedStores::windows);
        ReplayCache replayCache = guarded(b.replayCache, given, shared, StoreProvider.Stores::replays, backend,
                GuardedStores::replays);
        RiskSettings rs = config.risk();
        if (windows == null) {
            windows = new RiskHistory(clock, Math.max(10_000, rs.profilesMaxEntries()), rs.authzFailuresWindow(),
                    config.authFailuresWindow());
        }
        replays = replayCache != null ? replayCache : new InMemoryReplayCache(clock, config.replayMaxEntries());

        SessionSettings s = config.session();
        SigningKeys keys = sessionKeys(s, loader);
        IssuerConfig sessionIssuer = IssuerConfig.programmatic(SessionManager.ISSUER_NAME, s.issuer(),
                Set.of(s.issuer()), Set.of(keys.algorithm()), "roles", List.of("scope"), Duration.ofSeconds(30),
                SessionManager.TOKEN_TYPE);
        TokenVerifiers.Builder vb = TokenVerifiers.builder(config).clock(clock)
                .issuer(sessionIssuer, StaticKeySource.of(KeySet.of(List.of(keys.verificationKey())),
                        "zt session key"));
        b.keySources.forEach(vb::keySource);
        if (revocationStore != null) {
            vb.revocationStore(revocationStore);
        }
        if (b.environment != null) {
            vb.environment(b.environment);
        }
        vb.classLoader(loader);
        DefaultTokenVerifier v = vb.build();
        closeables.add(v);
        verifier = v;
        revocations = v.revocationStore();

        List<SecurityEventListener> listeners = new ArrayList<>(b.listeners);
        for (SecurityEventListener found : ServiceLoader.load(SecurityEventListener.class, loader)) {
            listeners.add(found);
        }
        DefaultDecisionLog log = new DefaultDecisionLog(listeners, b.application, config.auditOcsf(), config.reportOnly(),
                telemetry(b, loader), config.telemetryMicrometer(), config.telemetryOpenTelemetry(), clock);
        closeables.add(log);
        events = log;
        if (shared != null) {
            shared.activity().ifPresent(log::shareActivity);
        }

        ProfileStore profiles = profileStore != null ? profileStore : new InMemoryProfileStore(rs.profilesMaxEntries());
        GeoLocator geo = b.geoLocator != null ? b.geoLocator : geoLocator(rs, loader, clock);
        ExecutorService executor = b.executor != null ? b.executor : ownPool();
        ProfileStore learning = DefaultRiskEngine.learningStore(profiles);
        risk = new DefaultRiskEngine(rs, RiskChecks.discover(rs, config.ssf().riskScores(), b.riskChecks, learning,
                windows, s, clock, loader),
                b.trustPolicy, geo, learning, windows, clock, executor, log);

        SessionStore store = sessionStore != null ? sessionStore : new InMemorySessionStore(clock, s.maxEntries(),
                s.idleTimeout(), s.maxLifetime());
        // instants of shared session state are written by every node: compare them on the store's clock
        Clock sessionClock = shared == null ? clock : shared.clock().orElse(clock);
        DefaultSessionManager manager = new DefaultSessionManager(s, sessionClock, store, keys, revocations,
                config.subjectRevocationRetention(), windows, config.reportOnly());
        manager.onCreated(log::sessionCreated); // the console's recent sessions
        sessions = manager;
        serviceTokens = DefaultServiceTokens.configured(config) ? DefaultServiceTokens.fromConfig(config, clock,
                loader, dev.zt.internal.pop.DpopSigner.configured(config, clock, loader)) : null;
        DefaultSharedSignals ssf = SharedSignalsFactory.create(config, b.transmitterKeySources, clock, sessions,
                profiles, replays, log, b.environment != null ? b.environment : System.getenv(), loader,
                b.application);
        closeables.add(ssf);
        sharedSignals = ssf;
        attempts = new FailedAttempts(windows, config.authFailuresMax(), config.authFailuresMaxPerClient(),
                config.authFailuresWindow());
        List<IssuerConfig> all = new ArrayList<>(config.issuers().values());
        all.add(sessionIssuer);
        if (config.authzen().pdp().isPresent()) {
            String secret;
            try {
                secret = config.authzen().secretReference().map(ref -> dev.zt.internal.keys.Secrets.loadText(ref,
                        b.environment != null ? b.environment : System.getenv())).orElse(null);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(ConfigKeys.AUTHZEN_SECRET, "cannot use " + ConfigKeys.AUTHZEN_SECRET
                        + ": " + e.getMessage());
            }
            pdp = new AuthzenClient(config.authzen(), secret, pdpTls(config, b.environment != null ? b.environment
                    : System.getenv(), clock), clock, log);
        }
        senderConstraints = new DefaultSenderConstraints(config.dpop(), all, SessionManager.ISSUER_NAME, clock, replays,
                nonceKey(s, loader), DefaultTokenVerifier.providers(config));
        AuthzenClient authzen = pdp instanceof AuthzenClient ? (AuthzenClient) pdp : null;
        health = new dev.zt.internal.monitoring.HealthProbe(v.keySources(), profiles, ssf::streams,
                authzen == null ? null : authzen::probe, clock)::health;
    }

    /** The TLS side of the PDP client: its CA file and client certificate, or null for the JVM's defaults. */
    private static dev.zt.internal.keys.ClientTls pdpTls(ZtConfig config, Map<String, String> environment, Clock clock) {
        dev.zt.config.AuthzenSettings a = config.authzen();
        if (a.tlsCertificate().isEmpty() && a.tlsCaFile().isEmpty()) {
            return null;
        }
        try {
            return dev.zt.internal.keys.ClientTls.create(a.tlsCertificate().map(f -> Path.of(f.substring(5)))
                    .orElse(null), a.tlsKeyReference().orElse(null), a.tlsCaFile().map(f -> Path.of(f.substring(5)))
                    .orElse(null), environment, clock);
        } catch (IllegalArgumentException e) {
            String key = a.tlsCertificate().isPresent() ? ConfigKeys.AUTHZEN_TLS_CERTIFICATE
                    : ConfigKeys.AUTHZEN_TLS_CA;
            throw new ConfigurationException(key, "cannot use " + key + " (the PDP's TLS settings): " + e.getMessage());
        }
    }

    /**
     * The key of DPoP server nonces: derived from the session signing key, which every node of a cluster shares (so
     * that a nonce one node hands out is valid on all), else random (one node).
     */
    private static byte[] nonceKey(SessionSettings s, ClassLoader loader) {
        if (s.signingKey().isEmpty()) {
            byte[] k = new byte[32];
            new java.security.SecureRandom().nextBytes(k);
            return k;
        }
        try {
            return DerivedKeys.derive(Locations.read(s.signingKey().get(), loader),
                    "zt-dpop-nonce-key-v1");
        } catch (java.io.IOException e) {
            throw new ConfigurationException(ConfigKeys.SESSION_SIGNING_KEY, "cannot read "
                    + ConfigKeys.SESSION_SIGNING_KEY + " " + s.signingKey().get() + ": " + e.getMessage());
        }
    }

    /**
     * The store the application gave (behind its guard), else the provider's (behind the backend's guard), else
     * {@code null} for zt's in-memory default.
     */
    private static <T> T guarded(T given, StoreGuard givenGuard, StoreProvider.Stores shared,
            Function<StoreProvider.Stores, Optional<T>> ofShared, StoreGuard backend, BiFunction<T, StoreGuard, T> wrap) {
        if (given != null) {
            return wrap.apply(given, givenGuard);
        }
        return shared == null ? null : ofShared.apply(shared).map(x -> wrap.apply(x, backend)).orElse(null);
    }

    /** The guard of one backend; outages are counted once the decision log exists (it is wired below). */
    private StoreGuard guard(String name) {
        return new StoreGuard(name, PROBE_INTERVAL, n -> {
            if (events != null) {
                events.countStoreOutage(n);
            }
        });
    }

    private String storeName() {
        return config.setting(ConfigKeys.STORE).filter(v -> !v.isEmpty()).orElse("memory");
    }

    /** zt's own pool for blocking risk checks: bounded (64 in flight), daemon threads, shut down on close. */
    private ExecutorService ownPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "zt-risk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        closeables.add(pool::shutdownNow);
        return pool;
    }

    private static SigningKeys sessionKeys(SessionSettings s, ClassLoader loader) {
        if (s.signingKey().isEmpty()) {
            LOG.log(Level.WARNING, "no zt.session.signing-key configured: session tokens are signed with a key"
                    + " generated at start-up, which suits a single node only (other nodes cannot verify them,"
                    + " and a restart logs everyone out)");
            return SigningKeys.generate();
        }
        try {
            return SigningKeys.load(s.signingKey().get(), loader);
        } catch (RuntimeException e) {
            throw new ConfigurationException(ConfigKeys.SESSION_SIGNING_KEY, "cannot use "
                    + ConfigKeys.SESSION_SIGNING_KEY + " " + s.signingKey().get() + ": " + e.getMessage());
        }
    }

    /** The providers of a service in the application's loader and zt's own, each class once. */
    private static <T> List<T> discover(Class<T> service, ClassLoader loader) {
        List<T> out = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (ClassLoader cl : new ClassLoader[] {loader, Assembly.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            for (T p : ServiceLoader.load(service, cl)) {
                if (seen.add(p.getClass())) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The builder's telemetry, else the one of the application's {@link TelemetryProvider} (strict), else defaults. */
    private static Telemetry telemetry(ZeroTrust.Builder b, ClassLoader loader) {
        if (b.telemetry != Telemetry.defaults()) {
            return b.telemetry;
        }
        TelemetryProvider found = null;
        for (TelemetryProvider p : discover(TelemetryProvider.class, loader)) {
            if (found != null) {
                throw new ConfigurationException(null, "two telemetry providers are on the class path: "
                        + found.getClass().getName() + " and " + p.getClass().getName() + "; keep one");
            }
            found = p;
        }
        if (found == null) {
            return b.telemetry;
        }
        Telemetry t = found.telemetry();
        if (t == null) {
            throw new ConfigurationException(null, "telemetry provider " + found.getClass().getName()
                    + " returned null");
        }
        return t;
    }

    /** The stores named by {@code zt.store} (strict discovery), or {@code null} for the in-memory default. */
    private StoreProvider.Stores sharedStores(ClassLoader loader) {
        String name = storeName();
        if (name.equals("memory")) {
            return null;
        }
        StoreProvider found = null;
        for (StoreProvider p : discover(StoreProvider.class, loader)) {
            if (!p.name().equals(name)) {
                continue;
            }
            if (found != null) {
                throw new ConfigurationException(ConfigKeys.STORE, "two store providers are named '" + name
                        + "': " + found.getClass().getName() + " and " + p.getClass().getName());
            }
            found = p;
        }
        if (found == null) {
            throw ConfigurationException.invalid(ConfigKeys.STORE, name, "no store provider of that name is on the"
                    + " class path (for redis add zt-store-redis)");
        }
        return found.create(config, clock, loader);
    }

    /** The configured locators: the CIDR file (the operator's overrides) first, then the MaxMind DB files. */
    private static GeoLocator geoLocator(dev.zt.config.RiskSettings rs, ClassLoader loader, Clock clock) {
        List<GeoLocator> chain = new ArrayList<>();
        rs.cidrFile().ifPresent(f -> chain.add(cidr(f, loader)));
        List<Path> locations = paths(rs.mmdbFiles());
        List<Path> networks = paths(rs.asnMmdbFiles());
        if (!locations.isEmpty() || !networks.isEmpty()) {
            String key = locations.isEmpty() ? ConfigKeys.GEO_ASN_MMDB : ConfigKeys.GEO_MMDB;
            try {
                chain.add(new dev.zt.internal.geo.MmdbGeoLocator(locations, networks, rs.geoCacheMaxEntries(), clock));
            } catch (NoClassDefFoundError e) {
                throw new ConfigurationException(key, key + " needs MaxMind's reader on the class path: add"
                        + " com.maxmind.db:maxmind-db to the application");
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key, "cannot use " + key + ": " + e.getMessage());
            }
        }
        return chain.isEmpty() ? null : chain.size() == 1 ? chain.get(0)
                : new dev.zt.internal.geo.ChainedGeoLocator(chain);
    }

    /** The files to open: an optional one ({@code ?path}) only when it exists. */
    private static List<Path> paths(List<String> files) {
        List<Path> out = new ArrayList<>();
        for (String f : files) {
            if (f.startsWith("?")) {
                Path p = Path.of(f.substring(1));
                if (java.nio.file.Files.isReadable(p)) {
                    out.add(p);
                } else {
                    LOG.log(Level.INFO, "zt: the optional geolocation database {0} is not there; not used", p);
                }
            } else {
                out.add(Path.of(f));
            }
        }
        return out;
    }

    private static GeoLocator cidr(String location, ClassLoader loader) {
        try {
            String text = Locations.read(location.startsWith("classpath:") || location.startsWith("file:") ? location
                    : "file:" + location, loader);
            return CidrGeoLocator.parse(text);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.GEO_CIDR_FILE, "cannot use " + ConfigKeys.GEO_CIDR_FILE + " "
                    + location + ": " + e.getMessage());
        }
    }

    /** Closes what zt created, newest first; a failure is logged and the rest still closed. */
    static void close(List<AutoCloseable> closeables) {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing {0} failed ({1})", closeables.get(i).getClass().getSimpleName(),
                        e.getClass().getSimpleName());
            }
        }
    }
}
