package dev.zt.bench;

import dev.zt.internal.monitoring.DefaultDecisionLog;
import dev.zt.monitoring.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.util.List;

/**
 * What zt's telemetry adds to an allowed request (issue 22's meters, span attributes and histogram, measured for issue
 * 15): the calls the filter and the risk engine make per request ({@code countDecision} and {@code decided}) with no
 * registry ({@code none}, the baseline), Micrometer (a simple registry: counter and percentile-histogram timer),
 * OpenTelemetry's SDK (counter and histogram, and the attributes on a recording server span, {@code otel-span}), or
 * both. With {@code console} on, the roll-out console's history counts the decision too.
 */
public class TelemetryBenchmark extends AverageTimeBenchmark {

    @Param({"none", "micrometer", "otel", "otel-span", "both"})
    public String sinks;

    @Param({"off", "on"})
    public String console;

    private DefaultDecisionLog log;
    private OpenTelemetrySdk sdk;

    /** The recording server span of the measuring thread (made current there: a span is the thread's context). */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class ServerSpan {
        private Span span;
        private Scope scope;

        @Setup
        public void open(TelemetryBenchmark b) {
            if (b.sdk != null && (b.sinks.equals("otel-span") || b.sinks.equals("both"))) {
                span = b.sdk.getTracer("bench").spanBuilder("GET").startSpan();
                scope = span.makeCurrent();
                if (!span.isRecording()) {
                    throw new IllegalStateException("the server span does not record: nothing would be measured");
                }
            }
        }

        @TearDown
        public void close() {
            if (scope != null) {
                scope.close();
                span.end();
            }
        }
    }

    @Setup
    public void setup() {
        Telemetry t = Telemetry.defaults().withoutMicrometer().withoutOpenTelemetry();
        if (sinks.equals("micrometer") || sinks.equals("both")) {
            t = t.withMeterRegistry(new SimpleMeterRegistry());
        }
        if (sinks.startsWith("otel") || sinks.equals("both")) {
            sdk = OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().build())
                    // a processor (exporting nowhere) makes spans record, as with any real exporter
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
                        @Override
                        public void onStart(io.opentelemetry.context.Context parent,
                                io.opentelemetry.sdk.trace.ReadWriteSpan span) {
                        }

                        @Override
                        public boolean isStartRequired() {
                            return false;
                        }

                        @Override
                        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
                        }

                        @Override
                        public boolean isEndRequired() {
                            return true;
                        }
                    }).build()).build();
            t = t.withOpenTelemetry(sdk);
        }
        log = new DefaultDecisionLog(List.of(), "bench", false, false, t, false, false, Clock.systemUTC());
        if (console.equals("on")) {
            log.history();
        }
    }

    @TearDown
    public void tearDown() {
        log.close();
        if (sdk != null) {
            sdk.close();
        }
    }

    @Benchmark
    public void allowedRequest(ServerSpan span) {
        log.countDecision("ALLOW");
        log.decided("allow", null, "keycloak", "alice", 0, 12_345);
    }
}
