package dev.zt.internal.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Counters {@code zt.decisions{application, decision}} and {@code zt.reasons{application, reason}}, the timer
 * {@code zt.decision.duration{application, decision}} (count, total and max; an application that wants its percentile
 * histogram turns it on with a {@code MeterFilter}, as for any library's timer: it costs about 0.1 µs a request) and
 * the gauges of
 * {@link MetricsSink} in one Micrometer registry: the application's, or the global one. Each meter is created once
 * (then incremented from a cache) and removed again when the application stops.
 */
final class MicrometerSink implements MetricsSink {

    private final MeterRegistry registry;
    private final String application;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> reasons = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final List<Meter> functions = new CopyOnWriteArrayList<>();

    private MicrometerSink(MeterRegistry registry, String application) {
        this.registry = registry;
        this.application = application;
    }

    /** The sink of the global registry. */
    static MetricsSink global(String application) {
        return new MicrometerSink(Metrics.globalRegistry, application);
    }

    /** The sink of the application's registry (a {@code MeterRegistry}). */
    static MetricsSink of(Object registry, String application) {
        return new MicrometerSink((MeterRegistry) registry, application);
    }

    @Override
    public void decision(String type) {
        Counter c = counters.get(type);
        if (c == null) {
            c = counters.computeIfAbsent(type, k -> Counter.builder("zt.decisions")
                    .description("zt trust decisions by type").tag("application", application).tag("decision", type)
                    .register(registry));
        }
        c.increment();
    }

    @Override
    public void reason(String code) {
        reasons.computeIfAbsent(code, k -> Counter.builder("zt.reasons")
                .description("zt decisions and refusals by reason code").tag("application", application)
                .tag("reason", code).register(registry)).increment();
    }

    @Override
    public void latency(String decision, long nanos) {
        Timer t = timers.get(decision);
        if (t == null) {
            t = timers.computeIfAbsent(decision, k -> Timer.builder("zt.decision.duration")
                    .description("time zt's enforcement point took to decide a request (not the application's)")
                    .tag("application", application).tag("decision", decision).register(registry));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public AutoCloseable gauge(String name, String description, String unit, String tagKey, String tagValue,
            DoubleSupplier value) {
        Gauge.Builder<DoubleSupplier> b = Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description).tag("application", application).tag(tagKey, tagValue).strongReference(true);
        if (unit != null) {
            b.baseUnit(unit);
        }
        return registered(b.register(registry), value);
    }

    @Override
    public AutoCloseable counter(String name, String description, String tagKey, String tagValue,
            DoubleSupplier value) {
        return registered(FunctionCounter.builder(name, value, DoubleSupplier::getAsDouble).description(description)
                .tag("application", application).tag(tagKey, tagValue).register(registry), value);
    }

    /** A registered meter; holds its value function (Micrometer holds it weakly) until closed. */
    private AutoCloseable registered(Meter meter, DoubleSupplier value) {
        functions.add(meter);
        return new AutoCloseable() {
            @SuppressWarnings("unused")
            private final DoubleSupplier held = value;

            @Override
            public void close() {
                registry.remove(meter);
                functions.remove(meter);
            }
        };
    }

    @Override
    public void close() {
        for (Counter c : counters.values()) {
            registry.remove(c);
        }
        for (Counter c : reasons.values()) {
            registry.remove(c);
        }
        for (Timer t : timers.values()) {
            registry.remove(t);
        }
        for (Meter m : functions) {
            registry.remove(m);
        }
        counters.clear();
        reasons.clear();
        timers.clear();
        functions.clear();
    }
}
