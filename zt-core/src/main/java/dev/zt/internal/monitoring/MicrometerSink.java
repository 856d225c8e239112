package dev.zt.internal.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Counters {@code zt.decisions{application, decision}} and {@code zt.reasons{application, reason}} in Micrometer's
 * global registry, each created once (then incremented from a cache), removed again when the application stops.
 */
final class MicrometerSink implements MetricsSink {

    private final MeterRegistry registry;
    private final String application;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private MicrometerSink(MeterRegistry registry, String application) {
        this.registry = registry;
        this.application = application;
    }

    static MetricsSink create(String application) {
        return new MicrometerSink(Metrics.globalRegistry, application);
    }

    @Override
    public void decision(String type) {
        counters.computeIfAbsent("d " + type, k -> Counter.builder("zt.decisions")
                .description("zt trust decisions by type").tag("application", application).tag("decision", type)
                .register(registry)).increment();
    }

    @Override
    public void reason(String code) {
        counters.computeIfAbsent("r " + code, k -> Counter.builder("zt.reasons")
                .description("zt decisions and refusals by reason code").tag("application", application)
                .tag("reason", code).register(registry)).increment();
    }

    /** See {@link Gauges#gauge}. */
    static AutoCloseable gauge(String name, String description, String unit, String application, String tagKey,
            String tagValue, DoubleSupplier value) {
        Gauge.Builder<DoubleSupplier> b = Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description).tag("application", application).tag(tagKey, tagValue).strongReference(true);
        if (unit != null) {
            b.baseUnit(unit);
        }
        return new Registered(b.register(Metrics.globalRegistry), value);
    }

    /** See {@link Gauges#counter}. */
    static AutoCloseable functionCounter(String name, String description, String application, String tagKey,
            String tagValue, DoubleSupplier value) {
        return new Registered(FunctionCounter.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description).tag("application", application).tag(tagKey, tagValue)
                .register(Metrics.globalRegistry), value);
    }

    /** A registered meter; holds its value function (Micrometer holds it weakly) until closed. */
    private static final class Registered implements AutoCloseable {
        private final Meter meter;
        @SuppressWarnings("unused")
        private final DoubleSupplier value;

        Registered(Meter meter, DoubleSupplier value) {
            this.meter = meter;
            this.value = value;
        }

        @Override
        public void close() {
            Metrics.globalRegistry.remove(meter);
        }
    }

    @Override
    public void close() {
        for (Counter c : counters.values()) {
            registry.remove(c);
        }
        counters.clear();
    }
}
