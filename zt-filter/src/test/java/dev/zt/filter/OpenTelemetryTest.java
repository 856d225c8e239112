package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigurationException;
import dev.zt.monitoring.Telemetry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * zt in OpenTelemetry, with the SDK's in-memory exporters: each request's decision on the server span (subject
 * hashed), the counters and the latency histogram as metrics (in the application's Micrometer registry too), the audit
 * events as log records; the global registries are never touched when the application gives its own, and
 * {@code GlobalOpenTelemetry} is used only once something set it.
 */
class OpenTelemetryTest {

    private final FilterFixture fx = new FilterFixture();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() throws Exception {
        fx.close();
        sdk.close();
        GlobalOpenTelemetry.resetForTest();
    }

    /** Opens a server span around the request, as the OpenTelemetry Java agent does. */
    public static final class ServerSpan implements Filter {
        private final Tracer tracer;

        ServerSpan(Tracer tracer) {
            this.tracer = tracer;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Span span = tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                chain.doFilter(request, response);
            } finally {
                span.end();
            }
        }
    }

    private FilterFixture traced(Telemetry telemetry) throws Exception {
        fx.outer = new ServerSpan(sdk.getTracer("test-server"));
        fx.customizers.add(b -> b.telemetry(telemetry).applicationName("otel-test"));
        java.nio.file.Path rules = java.nio.file.Files.createTempFile("zt-rules", ".txt");
        java.nio.file.Files.writeString(rules, "GET /admin/** roles=admin\n");
        rules.toFile().deleteOnExit();
        return fx.with("zt.public-paths", "/open/**").with("zt.rules", "file:" + rules).start();
    }

    private SpanData span(int index) throws InterruptedException {
        for (int i = 0; i < 500 && spans.getFinishedSpanItems().size() <= index; i++) {
            Thread.sleep(10); // the span ends just after the response is sent
        }
        return spans.getFinishedSpanItems().get(index);
    }

    @Test
    void eachDecisionAnnotatesTheServerSpanWithTheSubjectHashedNeverInClear() throws Exception {
        traced(Telemetry.defaults().withOpenTelemetry(sdk).withMeterRegistry(registry));
        assertThat(fx.server.get("/orders", fx.access()).statusCode()).isEqualTo(200);
        String expired = fx.access(fx.token().claim("exp", fx.clock.instant().minusSeconds(600).getEpochSecond()));
        assertThat(fx.server.get("/orders", expired).statusCode()).isEqualTo(401);
        assertThat(fx.server.get("/open/info", null).statusCode()).isEqualTo(200);
        assertThat(fx.server.get("/admin/stats", fx.access()).statusCode()).isEqualTo(403);

        Attributes allowed = span(0).getAttributes();
        assertThat(allowed.get(AttributeKey.stringKey("zt.decision"))).isEqualTo("allow");
        assertThat(allowed.get(AttributeKey.stringKey("zt.issuer"))).isEqualTo("default");
        assertThat(allowed.get(AttributeKey.longKey("zt.risk.score"))).isZero();
        assertThat(allowed.get(AttributeKey.stringKey("zt.mode"))).isEqualTo("enforce");
        assertThat(allowed.get(AttributeKey.stringKey("zt.reason"))).isNull();
        String hash = allowed.get(AttributeKey.stringKey("zt.subject.hash"));
        assertThat(hash).matches("[0-9a-f]{16}");
        assertThat(allowed.asMap().values().stream().map(String::valueOf))
                .noneMatch(v -> v.contains("alice"));

        Attributes denied = span(1).getAttributes();
        assertThat(denied.get(AttributeKey.stringKey("zt.decision"))).isEqualTo("deny");
        assertThat(denied.get(AttributeKey.stringKey("zt.reason"))).isEqualTo("token_expired");
        assertThat(denied.get(AttributeKey.stringKey("zt.subject.hash"))).as("an unverified token vouches for nobody")
                .isNull();
        assertThat(denied.asMap().values().stream().map(String::valueOf)).noneMatch(v -> v.contains(expired));

        Attributes open = span(2).getAttributes();
        assertThat(open.get(AttributeKey.stringKey("zt.decision"))).isEqualTo("public");
        assertThat(open.get(AttributeKey.stringKey("zt.subject.hash"))).isNull();

        Attributes forbidden = span(3).getAttributes();
        assertThat(forbidden.get(AttributeKey.stringKey("zt.decision"))).isEqualTo("deny");
        assertThat(forbidden.get(AttributeKey.stringKey("zt.reason"))).isEqualTo("insufficient_role");
        assertThat(forbidden.get(AttributeKey.stringKey("zt.subject.hash"))).as("the same subject, the same hash")
                .isEqualTo(hash);
    }

    @Test
    void countersAndTheLatencyHistogramGoToTheApplicationsRegistriesAndNoGlobalOneIsTouched() throws Exception {
        traced(Telemetry.defaults().withOpenTelemetry(sdk).withMeterRegistry(registry));
        for (int i = 0; i < 3; i++) {
            assertThat(fx.server.get("/orders", fx.access()).statusCode()).isEqualTo(200);
        }
        assertThat(fx.server.get("/orders", "not.a.token").statusCode()).isEqualTo(401);
        assertThat(fx.server.get("/orders", null).statusCode()).isEqualTo(401);

        Collection<MetricData> exported = metrics.collectAllMetrics();
        MetricData duration = metric(exported, "zt.decision.duration");
        assertThat(duration.getUnit()).isEqualTo("s");
        List<HistogramPointData> points = List.copyOf(duration.getHistogramData().getPoints());
        assertThat(points.stream().filter(p -> "allow".equals(p.getAttributes().get(AttributeKey.stringKey(
                "decision")))).mapToLong(HistogramPointData::getCount).sum()).isEqualTo(3);
        assertThat(points.stream().filter(p -> "deny".equals(p.getAttributes().get(AttributeKey.stringKey(
                "decision")))).mapToLong(HistogramPointData::getCount).sum()).isEqualTo(2);
        assertThat(points).allMatch(p -> "otel-test".equals(p.getAttributes().get(AttributeKey.stringKey(
                "application"))));
        assertThat(points).allMatch(p -> p.getBoundaries().get(0) == 0.000005, "microsecond buckets");
        MetricData reasons = metric(exported, "zt.reasons");
        assertThat(reasons.getLongSumData().getPoints().stream().collect(Collectors.toMap(p -> p.getAttributes()
                .get(AttributeKey.stringKey("reason")), LongPointData::getValue)))
                .containsEntry("token_malformed", 1L).containsEntry("token_missing", 1L);
        assertThat(metric(exported, "zt.decisions").getLongSumData().getPoints()).isNotEmpty();

        Timer timer = registry.find("zt.decision.duration").tags("application", "otel-test", "decision", "allow")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(registry.find("zt.reasons").tags("reason", "token_missing").counter().count()).isEqualTo(1.0);

        assertThat(Metrics.globalRegistry.find("zt.decision.duration").tags("application", "otel-test").meters())
                .as("Micrometer's global registry").isEmpty();
        assertThat(Metrics.globalRegistry.find("zt.reasons").tags("application", "otel-test").meters()).isEmpty();
        assertThat(GlobalOpenTelemetry.isSet()).as("GlobalOpenTelemetry never asked for (nor fixed to a no-op)")
                .isFalse();

        fx.engine.close();
        assertThat(registry.getMeters()).as("the meters are removed when the application stops").isEmpty();
        fx.engine = null;
    }

    @Test
    void refusalsAreLogRecordsWithTheAuditLineAndAllowedRequestsAreNotAtInfo() throws Exception {
        traced(Telemetry.defaults().withOpenTelemetry(sdk));
        assertThat(fx.server.get("/orders", fx.access()).statusCode()).isEqualTo(200);
        String expired = fx.access(fx.token().claim("exp", fx.clock.instant().minusSeconds(600).getEpochSecond()));
        assertThat(fx.server.get("/orders", expired).statusCode()).isEqualTo(401);
        span(1);

        List<LogRecordData> records = logs.getFinishedLogRecordItems();
        assertThat(records).hasSize(1);
        LogRecordData r = records.get(0);
        assertThat(r.getEventName()).isEqualTo("zt.request_decision");
        assertThat(r.getAttributes().get(AttributeKey.stringKey("zt.reason"))).isEqualTo("token_expired");
        assertThat(r.getAttributes().get(AttributeKey.stringKey("zt.decision"))).isEqualTo("DENY");
        String body = r.getBodyValue().asString();
        assertThat(body).contains("\"reason\":\"token_expired\"").doesNotContain(expired)
                .doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
        assertThat(r.getSpanContext().getTraceId()).as("correlated with the request's trace")
                .isEqualTo(span(1).getTraceId());
    }

    @Test
    void theGlobalOpenTelemetryIsUsedOnlyOnceSetAndNeverFixedToANoOp() throws Exception {
        fx.customizers.add(b -> b.applicationName("otel-global"));
        fx.start();
        assertThat(fx.server.get("/orders", null).statusCode()).isEqualTo(401);
        assertThat(GlobalOpenTelemetry.isSet()).as("zt did not fix the global to a no-op").isFalse();

        GlobalOpenTelemetry.set(sdk); // the application's SDK, registered after zt started
        long sent = 0;
        long counted = 0;
        for (long deadline = System.nanoTime() + 5_000_000_000L; counted == 0 && System.nanoTime() < deadline; ) {
            assertThat(fx.server.get("/orders", null).statusCode()).isEqualTo(401);
            sent++;
            counted = reasons(metrics.collectAllMetrics());
            if (counted == 0) {
                Thread.sleep(100); // zt asks whether the global was set at most once a second
            }
        }
        assertThat(counted).as("bound within a second or so of being set, counting from then").isBetween(1L, sent);
        assertThat(fx.server.get("/orders", null).statusCode()).isEqualTo(401);
        assertThat(reasons(metrics.collectAllMetrics())).isEqualTo(counted + 1);
        assertThat(logs.getFinishedLogRecordItems()).as("one record per refusal counted").hasSize((int) counted + 1);
    }

    private static long reasons(Collection<MetricData> all) {
        return all.stream().filter(m -> m.getName().equals("zt.reasons"))
                .flatMap(m -> m.getLongSumData().getPoints().stream()).mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void offKeepsZtOutOfTheGlobalRegistries() throws Exception {
        fx.with("zt.telemetry.micrometer", "off").with("zt.telemetry.opentelemetry", "off");
        fx.customizers.add(b -> b.applicationName("otel-off"));
        GlobalOpenTelemetry.set(sdk);
        fx.start();
        assertThat(fx.server.get("/orders", null).statusCode()).isEqualTo(401);
        assertThat(Metrics.globalRegistry.find("zt.reasons").tags("application", "otel-off").meters()).isEmpty();
        assertThat(metrics.collectAllMetrics()).isEmpty();
        assertThat(logs.getFinishedLogRecordItems()).isEmpty();
    }

    @Test
    void anUnknownTelemetrySettingFailsStartUpNamingTheKey() {
        fx.with("zt.telemetry.opentelemetry", "on");
        assertThatThrownBy(fx::start).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.telemetry.opentelemetry").hasMessageContaining("global or off");
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not exported; got " + all.stream()
                        .map(MetricData::getName).collect(Collectors.toList())));
    }
}
