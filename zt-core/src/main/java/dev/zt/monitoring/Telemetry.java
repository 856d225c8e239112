package dev.zt.monitoring;

import java.util.Optional;

/**
 * Where zt's telemetry goes besides the {@code dev.zt.audit} log and JMX: a Micrometer registry (the counters
 * {@code zt.decisions} and {@code zt.reasons}, the latency histogram {@code zt.decision.duration}, the Shared Signals
 * gauges) and an OpenTelemetry instance (the same meters, each decision on the current span, each audit event as a log
 * record). Immutable.
 *
 * <p>By default ({@link #defaults()}) zt uses the global ones when their API is on the class path — Micrometer's
 * {@code Metrics.globalRegistry} and {@code GlobalOpenTelemetry} — unless {@code zt.telemetry.micrometer} or
 * {@code zt.telemetry.opentelemetry} is {@code off}. An application that gives its own registry or instance here
 * ({@code ZeroTrust.Builder.telemetry}, or for the filter a {@code Telemetry} in the servlet context attribute named
 * after this class, set before the filter starts) has that one used and the global one never touched. Every meter is
 * tagged with the application's name and created once; closing the engine removes them.
 *
 * <p>The optional APIs are only needed for the method that names them: an application without OpenTelemetry can call
 * {@link #withMeterRegistry}.
 */
public final class Telemetry {

    private static final Telemetry DEFAULTS = new Telemetry(null, null, false, false);

    private final Object meterRegistry;
    private final Object openTelemetry;
    private final boolean noMicrometer;
    private final boolean noOpenTelemetry;

    private Telemetry(Object meterRegistry, Object openTelemetry, boolean noMicrometer, boolean noOpenTelemetry) {
        this.meterRegistry = meterRegistry;
        this.openTelemetry = openTelemetry;
        this.noMicrometer = noMicrometer;
        this.noOpenTelemetry = noOpenTelemetry;
    }

    /** The global registries, when present and not switched off by configuration. */
    public static Telemetry defaults() {
        return DEFAULTS;
    }

    /** This telemetry with the application's Micrometer registry (Micrometer's global registry is then not used). */
    public Telemetry withMeterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("a meter registry must not be null; use withoutMicrometer()");
        }
        return new Telemetry(registry, openTelemetry, false, noOpenTelemetry);
    }

    /** This telemetry with the application's OpenTelemetry ({@code GlobalOpenTelemetry} is then not used). */
    public Telemetry withOpenTelemetry(io.opentelemetry.api.OpenTelemetry otel) {
        if (otel == null) {
            throw new IllegalArgumentException("an OpenTelemetry must not be null; use withoutOpenTelemetry()");
        }
        return new Telemetry(meterRegistry, otel, noMicrometer, false);
    }

    /** This telemetry publishing nothing to Micrometer, whatever is on the class path. */
    public Telemetry withoutMicrometer() {
        return new Telemetry(null, openTelemetry, true, noOpenTelemetry);
    }

    /** This telemetry publishing nothing to OpenTelemetry, whatever is on the class path. */
    public Telemetry withoutOpenTelemetry() {
        return new Telemetry(meterRegistry, null, noMicrometer, true);
    }

    /** The application's Micrometer {@code MeterRegistry}, when it gave one. */
    public Optional<Object> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /** The application's {@code OpenTelemetry}, when it gave one. */
    public Optional<Object> openTelemetry() {
        return Optional.ofNullable(openTelemetry);
    }

    /** True when Micrometer was switched off here. */
    public boolean micrometerOff() {
        return noMicrometer;
    }

    /** True when OpenTelemetry was switched off here. */
    public boolean openTelemetryOff() {
        return noOpenTelemetry;
    }
}
