package dev.zt.internal.monitoring;

import dev.zt.monitoring.DecisionLog;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.spi.event.SecurityEventListener;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The default {@link DecisionLog}: the audit log, the listeners, and counters exposed as the JMX MXBean
 * {@code dev.zt:type=Metrics,application=<name>} and, when Micrometer is present, as {@code zt.decisions} and
 * {@code zt.reasons} counters tagged {@code application=<name>} (two applications on one server stay apart).
 */
public final class DefaultDecisionLog implements DecisionLog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt");

    private final List<SecurityEventListener> listeners;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    /** The counters of {@link #countDecision} and {@link #countReason} by the name they are called with. */
    private final Map<String, Counted> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counted> reasons = new ConcurrentHashMap<>();
    private final MetricsSink sink;
    private final ObjectName mbean;

    private final boolean ocsf;
    private final String application;

    /** Creates the log of an application, its audit lines in zt's own format. */
    public DefaultDecisionLog(List<SecurityEventListener> listeners, String application, ClassLoader loader) {
        this(listeners, application, loader, false);
    }

    /** Creates the log of an application; {@code ocsf}: audit lines in OCSF ({@code zt.audit.format=ocsf}). */
    public DefaultDecisionLog(List<SecurityEventListener> listeners, String application, ClassLoader loader,
            boolean ocsf) {
        this.ocsf = ocsf;
        this.application = application;
        this.listeners = List.copyOf(listeners);
        this.sink = MetricsSink.detect(loader, application);
        this.mbean = register(application);
    }

    @Override
    public void emit(SecurityEvent event) {
        AuditLog.write(event, ocsf, application);
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
    public boolean wants(String decision) {
        return !listeners.isEmpty() || AuditLog.wants(decision);
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
        sink.decision(c.name);
    }

    @Override
    public void countReason(String code) {
        Counted c = reasons.get(code);
        if (c == null) {
            c = reasons.computeIfAbsent(code, k -> new Counted(code, counters.computeIfAbsent("reason." + code,
                    n -> new LongAdder())));
        }
        c.adder.increment();
        sink.reason(c.name);
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
        if (mbean != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not unregister {0}", mbean);
            }
        }
        sink.close();
    }
}
