package dev.zt.monitoring;


/**
 * Gives zt the application's own telemetry registries when zt is not built in code (the filter from {@code web.xml}
 * starts before any listener of the application): a class of the application named in
 * {@code META-INF/services/dev.zt.monitoring.TelemetryProvider}, found with {@link java.util.ServiceLoader}. At most one
 * may be present (two are a start-up error); a {@code Telemetry} given to {@code ZeroTrust.Builder.telemetry} takes
 * precedence. Called once, when the engine is built.
 *
 * <pre>{@code
 * public final class AppTelemetry implements TelemetryProvider {
 *     public Telemetry telemetry() {
 *         return Telemetry.defaults().withMeterRegistry(AppMetrics.REGISTRY).withOpenTelemetry(AppOtel.SDK);
 *     }
 * }
 * }</pre>
 */
public interface TelemetryProvider {

    /** The registries zt reports to. */
    Telemetry telemetry();
}
