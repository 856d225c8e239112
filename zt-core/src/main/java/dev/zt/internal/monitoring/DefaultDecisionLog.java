package dev.zt.internal.monitoring;

import dev.zt.monitoring.DecisionLog;
import dev.zt.monitoring.Telemetry;
import dev.zt.spi.store.ActivityStore;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.spi.event.SecurityEventListener;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The default {@link DecisionLog}: the audit log, the listeners, and counters exposed as the JMX MXBean
 * {@code dev.zt:type=Metrics,application=<name>} and in the registries of {@link Telemetry} (Micrometer, OpenTelemetry)
 * as {@code zt.decisions}, {@code zt.reasons} and {@code zt.decision.duration} tagged {@code application=<name>} (two
 * applications on one server stay apart). With OpenTelemetry, request decisions annotate the current span and the
 * audit events are log records too (allowed decisions only when {@code dev.zt.audit} logs at DEBUG).
 */
public final class DefaultDecisionLog implements DecisionLog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt");

    private final List<SecurityEventListener> listeners;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    /** The counters of {@link #countDecision} and {@link #countReason} by the name they are called with. */
    private final Map<String, Counted> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counted> reasons = new ConcurrentHashMap<>();
    private final MetricsSink[] sinks;
    /** OpenTelemetry's spans and log records, or null. */
    private final TraceSink trace;
    private final ObjectName mbean;

    private final boolean ocsf;
    private final boolean reportOnly;
    private final java.time.Clock clock;
    /** What this node decided lately, kept once the console asked for it ({@link #history()}). */
    private volatile DecisionHistory history;
    /** Where the nodes share their histories (a cluster's store), or null. */
    private volatile ActivityStore activity;
    /** This node, among those sharing their histories. */
    private final String node = java.util.UUID.randomUUID().toString();
    private java.util.concurrent.ScheduledExecutorService publisher;
    private volatile boolean publishFailed;
    private final Object publishing = new Object();
    private final String application;

    /**
     * Creates the log of an application. {@code ocsf}: audit lines in OCSF ({@code zt.audit.format=ocsf});
     * {@code telemetry}: the application's registries, else the global ones where {@code micrometerGlobal} /
     * {@code otelGlobal} allow ({@code zt.telemetry.micrometer}, {@code zt.telemetry.opentelemetry}).
     */
    public DefaultDecisionLog(List<SecurityEventListener> listeners, String application, boolean ocsf,
            boolean reportOnly, Telemetry telemetry, boolean micrometerGlobal, boolean otelGlobal,
            java.time.Clock clock) {
        this.clock = clock;
        this.ocsf = ocsf;
        this.reportOnly = reportOnly;
        this.application = application;
        this.listeners = List.copyOf(listeners);
        List<MetricsSink> found = new ArrayList<>(2);
        if (telemetry.meterRegistry().isPresent()) {
            found.add(MicrometerSink.of(telemetry.meterRegistry().get(), application));
        } else if (micrometerGlobal && !telemetry.micrometerOff() && present("io.micrometer.core.instrument.Metrics")) {
            found.add(MicrometerSink.global(application));
        }
        OtelSink otel = null;
        if (telemetry.openTelemetry().isPresent()) {
            otel = OtelSink.of(telemetry.openTelemetry().get(), application);
        } else if (otelGlobal && !telemetry.openTelemetryOff() && present("io.opentelemetry.api.GlobalOpenTelemetry")) {
            otel = OtelSink.global(application);
        }
        if (otel != null) {
            found.add(otel);
        }
        this.trace = otel;
        this.sinks = found.toArray(new MetricsSink[0]);
        this.mbean = register(application);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DefaultDecisionLog.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(Level.DEBUG, "{0} not present: no meters there", className);
            return false;
        }
    }

    @Override
    public void emit(SecurityEvent event) {
        String decision = event.decision().orElse(null);
        boolean allowed = "ALLOW".equals(decision);
        boolean audit = AuditLog.wants(decision);
        boolean traced = trace != null && (!allowed || audit); // allowed requests: only as verbose as the audit log
        if (audit || traced) {
            String line = AuditLog.line(event, ocsf, application);
            if (audit) {
                AuditLog.log(decision, line);
            }
            if (traced) {
                try {
                    trace.event(event, line, allowed);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "OpenTelemetry log record not emitted ({0})", e.getClass().getSimpleName());
                }
            }
        }
        DecisionHistory h = history;
        if (h != null && decision != null && !allowed && "request_decision".equals(event.type())) {
            // an annotation's refusal names the method ("where"), not a path: kept apart, marked with '@'
            h.refused(event.method().isPresent() ? event.path().orElse(null) : "@" + event.path().orElse("?"),
                    decision.toLowerCase(java.util.Locale.ROOT),
                    event.reason().orElse(null), event.subject().orElse(null), event.clientAddress().orElse(null),
                    event.reasons());
        }
        for (SecurityEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "security event listener {0} failed ({1})", l.getClass().getName(),
                        e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void decided(String decision, String reason, String issuer, String subject, int score, long nanos) {
        if (trace != null) {
            trace.decided(decision, reason, issuer, subject, score, reportOnly);
        }
        if (nanos >= 0) {
            for (MetricsSink s : sinks) {
                s.latency(decision, nanos);
            }
            DecisionHistory h = history;
            if (h != null) { // a later decision on the same request (nanos -1) is not counted twice
                h.decided(decision);
            }
        }
    }

    /** The application's name, as the meters are tagged. */
    public String application() {
        return application;
    }

    /**
     * What this node decided lately. Kept from the first call on (the roll-out console asks when it starts), so that
     * an application without the console pays nothing for it.
     */
    public DecisionHistory history() {
        DecisionHistory h = history;
        if (h == null) {
            synchronized (this) {
                if (history == null) {
                    history = new DecisionHistory(clock);
                    if (activity != null) {
                        startPublishing();
                    }
                }
                h = history;
            }
        }
        return h;
    }

    /** How often a node publishes its history to the cluster, and how long a publication is kept. */
    static final Duration PUBLISH_EVERY = Duration.ofSeconds(15);
    static final Duration PUBLISHED_TTL = Duration.ofSeconds(60);

    /** Records a session created on this node (for the console's recent sessions, once it keeps a history). */
    public void sessionCreated(String sessionId, String subject) {
        DecisionHistory h = history;
        if (h != null) {
            h.sessionStarted(sessionId, subject, clock.instant());
        }
    }

    /** True when the nodes share their histories through a cluster's store. */
    public boolean sharesActivity() {
        return activity != null;
    }

    /** Shares this node's history with the other nodes through a cluster's store (set once, at assembly). */
    public void shareActivity(ActivityStore store) {
        this.activity = store;
    }

    private void startPublishing() {
        publisher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zt-activity-" + application);
            t.setDaemon(true);
            return t;
        });
        publisher.scheduleWithFixedDelay(this::publish, 0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes this node's history now (done every 15 s); a failure is logged once until one succeeds again. */
    public void publish() {
        synchronized (publishing) { // a summary is published before any later one: the last published is the newest
            publishNow();
        }
    }

    private void publishNow() {
        try {
            activity.publish(application, node, history.summary(), PUBLISHED_TTL);
            if (publishFailed) {
                LOG.log(Level.INFO, "the console's history is shared with the cluster again");
            }
            publishFailed = false;
        } catch (RuntimeException e) {
            if (!publishFailed) {
                LOG.log(Level.WARNING, "could not share the console's history with the cluster ({0}); the console"
                        + " shows this node until it can", e.getClass().getSimpleName());
            }
            publishFailed = true;
        }
    }

    /** The cluster's view of a window: how many nodes it merges, or why it is this node's only. */
    public static final class ClusterView {
        public final DecisionHistory.View view;
        /** Nodes merged (1: this node only). */
        public final int nodes;
        /** Why the cluster could not be asked, or null. */
        public final String problem;
        /** The sessions begun lately on the nodes merged, newest first. */
        public final List<DecisionHistory.RecentSession> recentSessions;

        ClusterView(DecisionHistory.View view, int nodes, String problem,
                List<DecisionHistory.RecentSession> recentSessions) {
            this.view = view;
            this.nodes = nodes;
            this.problem = problem;
            this.recentSessions = recentSessions;
        }
    }

    /**
     * The last {@code window} of every node sharing the cluster's store (this node's own history as it is now, the
     * others' as last published, at most {@code PUBLISH_EVERY} old); this node's alone without a shared store, or
     * when the store does not answer ({@link ClusterView#problem}).
     */
    public ClusterView clusterView(Duration window) {
        DecisionHistory own = history();
        ActivityStore store = activity;
        if (store == null) {
            return new ClusterView(own.view(window), 1, null, own.recentSessions());
        }
        java.util.Map<String, String> summaries;
        try {
            summaries = store.summaries(application);
        } catch (RuntimeException e) {
            return new ClusterView(own.view(window), 1, "the cluster's store does not answer ("
                    + e.getClass().getSimpleName() + ")", own.recentSessions());
        }
        DecisionHistory merged = new DecisionHistory(clock);
        merged.absorb(own.summary());
        int nodes = 1;
        for (java.util.Map.Entry<String, String> e : summaries.entrySet()) {
            if (e.getKey().equals(node)) {
                continue;
            }
            try {
                merged.absorb(e.getValue());
                nodes++;
            } catch (IllegalArgumentException bad) {
                LOG.log(Level.WARNING, "a node's shared history is unreadable; left out of the console");
            }
        }
        return new ClusterView(merged.view(window), nodes, null, merged.recentSessions());
    }

    /** A gauge in every meter registry; see {@link MetricsSink#gauge}. Closing the handle removes it. */
    public AutoCloseable gauge(String name, String description, String unit, String tagKey, String tagValue,
            DoubleSupplier value) {
        List<AutoCloseable> made = new ArrayList<>(sinks.length);
        for (MetricsSink s : sinks) {
            made.add(s.gauge(name, description, unit, tagKey, tagValue, value));
        }
        return () -> closeAll(made);
    }

    /** A monotonic counter read when scraped, in every meter registry; see {@link MetricsSink#counter}. */
    public AutoCloseable counter(String name, String description, String tagKey, String tagValue,
            DoubleSupplier value) {
        List<AutoCloseable> made = new ArrayList<>(sinks.length);
        for (MetricsSink s : sinks) {
            made.add(s.counter(name, description, tagKey, tagValue, value));
        }
        return () -> closeAll(made);
    }

    private static void closeAll(List<AutoCloseable> handles) {
        for (AutoCloseable h : handles) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "a meter was not removed ({0})", e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public boolean wants(String decision) {
        return !listeners.isEmpty() || AuditLog.wants(decision)
                || (trace != null || history != null) && !"ALLOW".equals(decision);
    }

    @Override
    public void countDecision(String type) {
        Counted c = decisions.get(type); // no string built per request
        if (c == null) {
            String t = type.toLowerCase(Locale.ROOT);
            c = decisions.computeIfAbsent(type, k -> new Counted(t, counters.computeIfAbsent("decision." + t,
                    n -> new LongAdder())));
        }
        c.adder.increment();
        for (MetricsSink s : sinks) {
            s.decision(c.name);
        }
    }

    @Override
    public void countReason(String code) {
        Counted c = reasons.get(code);
        if (c == null) {
            c = reasons.computeIfAbsent(code, k -> new Counted(code, counters.computeIfAbsent("reason." + code,
                    n -> new LongAdder())));
        }
        c.adder.increment();
        for (MetricsSink s : sinks) {
            s.reason(c.name);
        }
    }

    /** A counter with the name the metrics sink knows it by. */
    private static final class Counted {
        final String name;
        final LongAdder adder;

        Counted(String name, LongAdder adder) {
            this.name = name;
            this.adder = adder;
        }
    }

    @Override
    public void countStoreOutage(String store) {
        counters.computeIfAbsent("store_outage." + store, k -> new LongAdder()).increment();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The JMX view of the counters. */
    public interface MetricsMXBean {
        /** Decisions per type and reason. */
        Map<String, Long> getCounters();
    }

    private ObjectName register(String application) {
        try {
            ObjectName name = new ObjectName("dev.zt:type=Metrics,application=" + ObjectName.quote(application)
                    + ",instance=" + Integer.toHexString(System.identityHashCode(this)));
            MetricsMXBean bean = this::counters;
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(bean, MetricsMXBean.class,
                    true), name);
            return name;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.DEBUG, "metrics MBean not registered ({0})", e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.shutdownNow();
        }
        if (mbean != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not unregister {0}", mbean);
            }
        }
        for (MetricsSink s : sinks) {
            s.close();
        }
    }
}
