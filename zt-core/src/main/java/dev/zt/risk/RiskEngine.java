package dev.zt.risk;

import dev.zt.config.RiskSettings;
import dev.zt.spi.risk.Decision;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.config.ConfigKeys;
import dev.zt.internal.config.Suggest;
import dev.zt.internal.risk.Checks;
import dev.zt.internal.risk.CidrGeoLocator;
import dev.zt.internal.risk.DefaultTrustPolicy;
import dev.zt.internal.risk.InMemoryProfileStore;
import dev.zt.internal.risk.RiskHistory;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.GeoLocator;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskCheckProvider;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.spi.event.SecurityEventListener;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.risk.TrustPolicy;
import dev.zt.token.VerifiedToken;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;

/**
 * zt's Policy Engine (NIST SP 800-207): runs the risk checks on every request within {@code zt.risk.timeout}, lets the
 * {@link TrustPolicy} turn their signals into one {@link Decision}, keeps the per-session history and the subject
 * profiles the checks learn from, emits a {@link SecurityEvent} per decision and counts decisions per type and reason
 * (JMX MBean {@code dev.zt:type=Metrics,name=<instance>}, and Micrometer's global registry when Micrometer is
 * present: {@code zt.decisions{decision}}, {@code zt.reasons{reason}}).
 *
 * <p>Fails closed: a check that throws or runs out of time denies with {@code risk_check_failed}, unless its id is in
 * {@code zt.risk.advisory}. zt's built-in checks run on the request thread (their state is in memory, or in a store
 * with its own timeout); the application's checks run in one hand-off to a bounded pool within
 * {@code zt.risk.timeout}. Checks are discovered strictly: explicit ones first, then the built-ins, then
 * {@code META-INF/services/dev.zt.spi.risk.RiskCheck} (thread context class loader first) and {@link RiskCheckProvider}s
 * (zt-cdi contributes CDI beans); two checks with one id fail start-up; {@code zt.risk.checks} selects and orders.
 */
public final class RiskEngine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt.risk");

    private final List<RiskCheck> checks;
    private final Set<String> advisory;
    private final TrustPolicy policy;
    private final GeoLocator geo;
    private final ProfileStore profiles;
    private final dev.zt.spi.store.WindowStore history;
    private final List<SecurityEventListener> listeners;
    private final Clock clock;
    private final long timeoutMillis;
    private final ThreadPoolExecutor pool;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final ObjectName mbeanName;
    private final dev.zt.internal.risk.MetricsSink sink;

    private RiskEngine(Builder b, List<RiskCheck> checks, dev.zt.spi.store.WindowStore history, GeoLocator geo,
            ProfileStore profiles) {
        RiskSettings s = b.config.risk();
        this.checks = List.copyOf(checks);
        this.advisory = s.advisory();
        this.policy = b.policy != null ? b.policy : new DefaultTrustPolicy(s.stepUpScore(), s.denyScore(),
                s.stepUpAcr());
        this.geo = geo;
        this.profiles = profiles;
        this.history = history;
        List<SecurityEventListener> l = new ArrayList<>(b.listeners);
        for (SecurityEventListener found : ServiceLoader.load(SecurityEventListener.class, b.loader)) {
            l.add(found);
        }
        this.listeners = List.copyOf(l);
        this.clock = b.clock;
        this.timeoutMillis = Math.max(1, s.timeout().toMillis());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "zt-risk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.mbeanName = registerMBean();
        this.sink = dev.zt.internal.risk.MetricsSink.detect(b.loader);
    }

    /** Starts a builder. */
    public static Builder builder(ZtConfig config, Clock clock) {
        return new Builder(config, clock);
    }

    /** The ids of the checks that run, in order. */
    public List<String> checkIds() {
        List<String> ids = new ArrayList<>();
        for (RiskCheck c : checks) {
            ids.add(c.id());
        }
        return ids;
    }

    /** The location of an address, when the geo-locator knows it. */
    public Optional<GeoLocation> locate(String address) {
        try {
            return geo == null ? Optional.empty() : geo.locate(address);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "geo-location failed ({0})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Prepares the context of a request: its location (unless the caller knows it), the subject's profile, and the
     * session's request count (this request is recorded) and recent denials.
     */
    public RiskContext.Builder context(VerifiedToken token, SessionRecord session, String clientAddress,
            GeoLocation knownLocation) {
        String key = historyKey(token, session);
        RiskContext.Builder b = RiskContext.builder().token(token).session(session).clientAddress(clientAddress)
                .time(clock.instant())
                .location(knownLocation != null ? knownLocation : locate(clientAddress).orElse(null))
                .requestsLastMinute(history.recordRequest(key))
                .recentDenials(history.recentDenials(key));
        RiskContext.subjectKey(token, session).ifPresent(k -> b.profile(profiles.get(k)));
        return b;
    }

    /** Records an authorization denial (403) for the caller's session, for {@code authorization-failures}. */
    public void recordDenial(VerifiedToken token, SessionRecord session) {
        history.recordDenial(historyKey(token, session));
    }

    private static String historyKey(VerifiedToken token, SessionRecord session) {
        if (session != null) {
            return "s " + session.id();
        }
        return "t " + token.issuer() + " " + token.subject().orElse(token.tokenId().orElse("?"));
    }

    /** Runs the checks and the trust policy for one request. Never throws: failures deny. */
    public Decision evaluate(RiskContext context) {
        if (checks.isEmpty()) {
            return count(Decision.allow());
        }
        Map<String, RiskSignal> results = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        List<RiskCheck> pooled = new ArrayList<>();
        for (RiskCheck c : checks) {
            if (builtIn(c)) {
                run(c, context, results, failures); // in-memory or store-bounded: no thread hand-off
            } else {
                pooled.add(c);
            }
        }
        if (!pooled.isEmpty()) {
            Future<?> run;
            try {
                run = pool.submit(() -> {
                    for (RiskCheck c : pooled) {
                        run(c, context, results, failures);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.log(Level.WARNING, "risk engine saturated (64 checks in flight); denying");
                return count(failed(List.of("(all: risk engine saturated)")));
            }
            try {
                run.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.cancel(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.cancel(true);
            } catch (ExecutionException e) {
                run.cancel(true);
            }
        }
        Map<String, RiskSignal> ordered = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (RiskCheck c : checks) {
            RiskSignal s = results.get(c.id());
            if (s != null) {
                ordered.put(c.id(), s);
                continue;
            }
            String why = failures.getOrDefault(c.id(), "timed out");
            if (advisory.contains(c.id())) {
                LOG.log(Level.WARNING, "advisory risk check {0} failed ({1}); ignored", c.id(), why);
            } else {
                failed.add(c.id() + ": " + why);
            }
        }
        if (!failed.isEmpty()) {
            LOG.log(Level.WARNING, "risk check(s) failed, denying: {0}", failed);
            return count(failed(failed));
        }
        try {
            Decision d = policy.decide(Collections.unmodifiableMap(ordered), context);
            return count(d == null ? failed(List.of("trust policy returned nothing")) : d);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "trust policy failed ({0}); denying", e.getClass().getSimpleName());
            return count(failed(List.of("trust policy")));
        }
    }

    /** zt's own checks: bounded by their stores' timeouts, so they run on the request thread. */
    private static boolean builtIn(RiskCheck c) {
        return c.getClass().getName().startsWith("dev.zt.internal.risk.");
    }

    private static void run(RiskCheck c, RiskContext context, Map<String, RiskSignal> results,
            Map<String, String> failures) {
        try {
            RiskSignal s = c.evaluate(context);
            results.put(c.id(), s == null ? RiskSignal.none() : s);
        } catch (RuntimeException | Error e) {
            failures.put(c.id(), e.getClass().getSimpleName());
        }
    }

    private static Decision failed(List<String> detail) { // detail is logged by the caller
        return Decision.of(Decision.Type.DENY, null, null, List.of("risk_check_failed"), 100)
                .refusedAs(dev.zt.token.RejectionReason.RISK_CHECK_FAILED);
    }

    private Decision count(Decision d) {
        String type = d.type().name().toLowerCase(java.util.Locale.ROOT);
        counters.computeIfAbsent("decision." + type, k -> new LongAdder()).increment();
        sink.decision(type);
        for (String r : d.reasons()) {
            countReason(r);
        }
        return d;
    }

    /** Counts a reason outside the risk checks (e.g. the filter's token and rule denials). */
    public void countReason(String reason) {
        counters.computeIfAbsent("reason." + reason, k -> new LongAdder()).increment();
        sink.reason(reason);
    }

    /** The counters: {@code decision.<type>} and {@code reason.<code>}. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Sends an event to every listener (the audit log first); a failing listener never changes anything. */
    public void emit(SecurityEvent event) {
        dev.zt.internal.audit.AuditLog.write(event);
        for (SecurityEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "security event listener {0} failed ({1})", l.getClass().getName(),
                        e.getClass().getSimpleName());
            }
        }
    }

    /**
     * True when an event with this decision would reach anyone: a listener, or the audit log at its level (allowed
     * decisions at DEBUG, the others at INFO). Lets the enforcement point skip building events nobody reads.
     */
    public boolean wantsEvent(String decision) {
        return !listeners.isEmpty() || dev.zt.internal.audit.AuditLog.wants(decision);
    }

    /** The trust policy's version, recorded in events. */
    public String policyVersion() {
        return policy.version();
    }

    /** The rate and behaviour windows (shared by every node with a shared store). */
    public dev.zt.spi.store.WindowStore windows() {
        return history;
    }

    /** The profile store. */
    public ProfileStore profiles() {
        return profiles;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (mbeanName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            } catch (javax.management.JMException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not unregister {0}", mbeanName);
            }
        }
    }

    /** The JMX view of the counters. */
    public interface MetricsMXBean {
        /** Decisions per type and reason. */
        Map<String, Long> getCounters();
    }

    private ObjectName registerMBean() {
        try {
            ObjectName name = new ObjectName("dev.zt:type=Metrics,name=zt-"
                    + Integer.toHexString(System.identityHashCode(this)));
            MetricsMXBean bean = this::counters;
            ManagementFactory.getPlatformMBeanServer().registerMBean(new javax.management.StandardMBean(bean,
                    MetricsMXBean.class, true), name);
            return name;
        } catch (javax.management.JMException | RuntimeException e) {
            LOG.log(Level.DEBUG, "metrics MBean not registered ({0})", e.getClass().getSimpleName());
            return null;
        }
    }

    /** Assembles a risk engine. */
    public static final class Builder {
        private final ZtConfig config;
        private final Clock clock;
        private final List<RiskCheck> explicit = new ArrayList<>();
        private final List<SecurityEventListener> listeners = new ArrayList<>();
        private TrustPolicy policy;
        private GeoLocator geo;
        private ProfileStore profiles;
        private dev.zt.spi.store.WindowStore windows;
        private ClassLoader loader = Thread.currentThread().getContextClassLoader();

        private Builder(ZtConfig config, Clock clock) {
            this.config = config;
            this.clock = clock;
        }

        /** Adds a check (explicit configuration comes first). */
        public Builder check(RiskCheck check) {
            explicit.add(check);
            return this;
        }

        /** Adds an event listener. */
        public Builder listener(SecurityEventListener l) {
            listeners.add(l);
            return this;
        }

        /** Replaces the default trust policy. */
        public Builder policy(TrustPolicy p) {
            this.policy = p;
            return this;
        }

        /** Sets the geo-locator (default: {@code zt.geo.cidr-file} when configured). */
        public Builder geoLocator(GeoLocator g) {
            this.geo = g;
            return this;
        }

        /** Sets the profile store (default: in memory, bounded by {@code zt.risk.profiles.max-entries}). */
        public Builder profileStore(ProfileStore p) {
            this.profiles = p;
            return this;
        }

        /** Sets the window store (default: in memory, per node). */
        public Builder windowStore(dev.zt.spi.store.WindowStore w) {
            this.windows = w;
            return this;
        }

        /** The class loader for discovery and {@code classpath:} files (default: the thread context loader). */
        public Builder classLoader(ClassLoader l) {
            if (l != null) {
                this.loader = l;
            }
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws ConfigurationException for duplicate check ids, unknown ids in {@code zt.risk.checks} or
         *     {@code zt.risk.advisory}, or an unreadable geo file
         */
        public RiskEngine build() {
            RiskSettings s = config.risk();
            ProfileStore store = profiles != null ? profiles : new InMemoryProfileStore(s.profilesMaxEntries());
            dev.zt.spi.store.WindowStore history = windows != null ? windows : defaultWindows(config, clock);
            GeoLocator locator = geo != null ? geo : s.cidrFile().map(f -> cidr(f, loader)).orElse(null);
            Map<String, RiskCheck> byId = new LinkedHashMap<>();
            Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (RiskCheck c : explicit) {
                add(byId, c);
            }
            for (RiskCheck c : Checks.builtIns(s, store, history)) {
                add(byId, c);
            }
            List<ClassLoader> loaders = new ArrayList<>();
            loaders.add(loader);
            if (RiskEngine.class.getClassLoader() != loader) {
                loaders.add(RiskEngine.class.getClassLoader());
            }
            for (ClassLoader cl : loaders) {
                for (RiskCheck c : ServiceLoader.load(RiskCheck.class, cl)) {
                    if (seen.add(c.getClass())) { // the same class seen through a second class loader is one check
                        add(byId, c);
                    }
                }
                for (RiskCheckProvider p : ServiceLoader.load(RiskCheckProvider.class, cl)) {
                    if (seen.add(p.getClass())) {
                        for (RiskCheck c : p.checks()) {
                            add(byId, c);
                        }
                    }
                }
            }
            List<RiskCheck> selected = new ArrayList<>();
            if (s.checks().isPresent()) {
                for (String id : s.checks().get()) {
                    RiskCheck c = byId.get(id);
                    if (c == null) {
                        throw new ConfigurationException(ConfigKeys.RISK_CHECKS, "'" + ConfigKeys.RISK_CHECKS
                                + "' names unknown check '" + id + "'; known: " + byId.keySet() + "; did you mean '"
                                + Suggest.closest(id, byId.keySet()) + "'?");
                    }
                    selected.add(c);
                }
            } else {
                selected.addAll(byId.values());
            }
            for (String id : s.advisory()) {
                if (!byId.containsKey(id)) {
                    throw new ConfigurationException(ConfigKeys.RISK_ADVISORY, "'" + ConfigKeys.RISK_ADVISORY
                            + "' names unknown check '" + id + "'; known: " + byId.keySet());
                }
            }
            return new RiskEngine(this, selected, history, locator, store);
        }

        /** The in-memory windows used when no store is given (shared with the session manager by the engine). */
        public static dev.zt.spi.store.WindowStore defaultWindows(ZtConfig config, Clock clock) {
            return new RiskHistory(clock, Math.max(10_000, config.risk().profilesMaxEntries()),
                    config.risk().authzFailuresWindow(), config.authFailuresWindow());
        }

        private static void add(Map<String, RiskCheck> byId, RiskCheck c) {
            String id = c.id();
            if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new ConfigurationException(ConfigKeys.RISK_CHECKS, "risk check " + c.getClass().getName()
                        + " has an invalid id '" + id + "' (lower-case letters, digits, '.', '_', '-')");
            }
            RiskCheck other = byId.putIfAbsent(id, c);
            if (other != null) {
                throw new ConfigurationException(ConfigKeys.RISK_CHECKS, "two risk checks have the id '" + id + "': "
                        + other.getClass().getName() + " and " + c.getClass().getName() + "; ids must be unique");
            }
        }

        private static GeoLocator cidr(String location, ClassLoader loader) {
            try {
                String text = dev.zt.internal.config.Locations.read(location.startsWith("classpath:")
                        || location.startsWith("file:") ? location : "file:" + location, loader);
                return CidrGeoLocator.parse(text);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException(ConfigKeys.GEO_CIDR_FILE, "cannot use " + ConfigKeys.GEO_CIDR_FILE
                        + " " + location + ": " + e.getMessage());
            }
        }
    }
}
