package dev.zt.internal.monitoring;

import java.lang.System.Logger.Level;

/**
 * Where decision counters go besides zt's own JMX view: Micrometer's global registry when Micrometer is on the class
 * path (the application's or the server's), otherwise nowhere.
 */
interface MetricsSink extends AutoCloseable {

    /** Counts one decision of a type ({@code allow}, {@code step_up}, {@code deny}, {@code revoke_session}). */
    void decision(String type);

    /** Counts one reason code. */
    void reason(String code);

    /** Removes the meters this sink created. */
    @Override
    void close();

    /** The sink for this environment, tagging every meter with the application. */
    static MetricsSink detect(ClassLoader loader, String application) {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, MetricsSink.class.getClassLoader());
            return MicrometerSink.create(application);
        } catch (ClassNotFoundException | LinkageError e) {
            System.getLogger("dev.zt").log(Level.DEBUG, "Micrometer not present: counters on JMX only");
            return new MetricsSink() {
                @Override
                public void decision(String type) {
                }

                @Override
                public void reason(String code) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
