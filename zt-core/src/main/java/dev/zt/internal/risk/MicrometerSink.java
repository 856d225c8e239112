package dev.zt.internal.risk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/** Counters {@code zt.decisions{decision=…}} and {@code zt.reasons{reason=…}} in Micrometer's global registry. */
final class MicrometerSink implements MetricsSink {

    private final MeterRegistry registry;

    private MicrometerSink(MeterRegistry registry) {
        this.registry = registry;
    }

    static MetricsSink create() {
        return new MicrometerSink(Metrics.globalRegistry);
    }

    @Override
    public void decision(String type) {
        Counter.builder("zt.decisions").description("zt trust decisions by type").tag("decision", type)
                .register(registry).increment();
    }

    @Override
    public void reason(String code) {
        Counter.builder("zt.reasons").description("zt decisions and refusals by reason code").tag("reason", code)
                .register(registry).increment();
    }
}
