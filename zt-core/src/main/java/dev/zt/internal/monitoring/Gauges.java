package dev.zt.internal.monitoring;

import java.lang.System.Logger.Level;
import java.util.function.DoubleSupplier;

/**
 * Meters whose value zt reads when they are scraped (a stream's lag, a count kept elsewhere), published in
 * Micrometer's global registry when Micrometer is on the class path and nowhere otherwise. Each is tagged with the
 * application and one more tag; closing the returned handle removes it.
 */
public final class Gauges {

    private Gauges() {
    }

    /** A gauge {@code name{application, tagKey=tagValue}} in {@code unit} (may be null) reading {@code value}. */
    public static AutoCloseable gauge(String name, String description, String unit, String application,
            String tagKey, String tagValue, DoubleSupplier value) {
        return micrometer() ? MicrometerSink.gauge(name, description, unit, application, tagKey, tagValue, value)
                : () -> { };
    }

    /** A monotonic counter {@code name{application, tagKey=tagValue}} reading {@code value}. */
    public static AutoCloseable counter(String name, String description, String application, String tagKey,
            String tagValue, DoubleSupplier value) {
        return micrometer() ? MicrometerSink.functionCounter(name, description, application, tagKey, tagValue, value)
                : () -> { };
    }

    private static boolean micrometer() {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, Gauges.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            System.getLogger("dev.zt").log(Level.DEBUG, "Micrometer not present: gauges on JMX only");
            return false;
        }
    }
}
