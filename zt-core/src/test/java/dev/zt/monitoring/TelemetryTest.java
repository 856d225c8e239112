package dev.zt.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigSource;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.monitoring.DefaultDecisionLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where zt's meters go: the application's registries (Micrometer and OpenTelemetry alike) for the gauges too, removed
 * when the engine stops; an application's {@link TelemetryProvider} found strictly.
 */
class TelemetryTest {

    static final SimpleMeterRegistry PROVIDED = new SimpleMeterRegistry();

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();

    @AfterEach
    void close() {
        sdk.close();
        PROVIDED.clear();
    }

    @Test
    void gaugesAndFunctionCountersAreInEveryRegistryGivenAndRemovedWhenClosed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong lag = new AtomicLong(42);
        DefaultDecisionLog log = new DefaultDecisionLog(List.of(), "shop", false, false,
                Telemetry.defaults().withMeterRegistry(registry).withOpenTelemetry(sdk), true, true,
                java.time.Clock.systemUTC());
        AutoCloseable gauge = log.gauge("zt.ssf.lag", "seconds since", "seconds", "transmitter", "kc", lag::get);
        AutoCloseable counter = log.counter("zt.ssf.sets.received", "received", "transmitter", "kc", () -> 7);

        Gauge g = registry.find("zt.ssf.lag").tags("application", "shop", "transmitter", "kc").gauge();
        assertThat(g.value()).isEqualTo(42.0);
        lag.set(43);
        assertThat(g.value()).isEqualTo(43.0);
        Map<String, MetricData> exported = byName(reader.collectAllMetrics());
        assertThat(exported.get("zt.ssf.lag").getUnit()).isEqualTo("s");
        assertThat(exported.get("zt.ssf.lag").getDoubleGaugeData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(43.0));
        assertThat(exported.get("zt.ssf.sets.received").getDoubleSumData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(7.0));

        gauge.close();
        counter.close();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(byName(reader.collectAllMetrics())).doesNotContainKeys("zt.ssf.lag", "zt.ssf.sets.received");
        log.close();
    }

    @Test
    void anApplicationsTelemetryProviderIsUsedWhenTheBuilderHasNone(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = services(dir, Provided.class.getName());
                ZeroTrust zt = ZeroTrust.builder(config()).classLoader(loader).applicationName("provided").build()) {
            zt.events().countReason("token_missing");
            assertThat(PROVIDED.find("zt.reasons").tags("application", "provided", "reason", "token_missing")
                    .counter().count()).isEqualTo(1.0);
        }
        assertThat(PROVIDED.getMeters()).as("removed on close").isEmpty();
    }

    @Test
    void twoTelemetryProvidersAreAStartUpError(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = services(dir, Provided.class.getName(), Other.class.getName())) {
            assertThatThrownBy(() -> ZeroTrust.builder(config()).classLoader(loader).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("two telemetry providers")
                    .hasMessageContaining(Provided.class.getName()).hasMessageContaining(Other.class.getName());
        }
    }

    /** The application's provider, giving its own registry. */
    public static final class Provided implements TelemetryProvider {
        @Override
        public Telemetry telemetry() {
            return Telemetry.defaults().withMeterRegistry(PROVIDED).withoutOpenTelemetry();
        }
    }

    /** A second provider. */
    public static final class Other implements TelemetryProvider {
        @Override
        public Telemetry telemetry() {
            return Telemetry.defaults();
        }
    }

    private static URLClassLoader services(Path dir, String... providers) throws Exception {
        Path file = dir.resolve("META-INF/services/" + TelemetryProvider.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", providers) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TelemetryTest.class.getClassLoader());
    }

    private static ZtConfig config() {
        return ZtConfig.builder().source(ConfigSource.of("test", Map.of("zt.issuer", "https://idp.example.test",
                "zt.audience", "api", "zt.jwks-uri", "https://idp.example.test/jwks"))).build();
    }

    private static Map<String, MetricData> byName(java.util.Collection<MetricData> all) {
        Map<String, MetricData> out = new java.util.HashMap<>();
        all.forEach(m -> out.put(m.getName(), m));
        return out;
    }
}
