package dev.zt.internal.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    @Override
    public void close() {
        for (Counter c : counters.values()) {
            registry.remove(c);
        }
        counters.clear();
    }
}
