package dev.zt.internal.risk;

import java.lang.System.Logger.Level;

/**
 * Where decision counters go besides zt's own JMX view: Micrometer's global registry when Micrometer is on the class
 * path (the application's or the server's), otherwise nowhere.
 */
public interface MetricsSink {

    /** Counts one decision of a type ({@code allow}, {@code step_up}, {@code deny}, {@code revoke_session}). */
    void decision(String type);

    /** Counts one reason code. */
    void reason(String code);

    /** The sink for this environment. */
    static MetricsSink detect(ClassLoader loader) {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, MetricsSink.class.getClassLoader());
            return MicrometerSink.create();
        } catch (ClassNotFoundException | LinkageError e) {
            System.getLogger("dev.zt.risk").log(Level.DEBUG, "Micrometer not present: counters on JMX only");
            return new MetricsSink() {
                @Override
                public void decision(String type) {
                }

                @Override
                public void reason(String code) {
                }
            };
        }
    }
}
