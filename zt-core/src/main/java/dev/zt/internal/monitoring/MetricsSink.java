package dev.zt.internal.monitoring;

import java.util.function.DoubleSupplier;

/**
 * One place zt's meters go besides its own JMX view: a Micrometer registry or an OpenTelemetry meter. Every meter is
 * tagged with the application, created once (then found in a cache), and removed again on {@link #close()}.
 */
interface MetricsSink extends AutoCloseable {

    /** Counts one decision of a type ({@code allow}, {@code step_up}, {@code deny}, {@code revoke_session}). */
    void decision(String type);

    /** Counts one reason code. */
    void reason(String code);

    /** Records how long an enforcement point took to decide a request, by its decision. */
    void latency(String decision, long nanos);

    /** A gauge {@code name{application, tagKey=tagValue}} in {@code unit} (may be null), read when scraped. */
    AutoCloseable gauge(String name, String description, String unit, String tagKey, String tagValue,
            DoubleSupplier value);

    /** A monotonic counter {@code name{application, tagKey=tagValue}}, read when scraped. */
    AutoCloseable counter(String name, String description, String tagKey, String tagValue, DoubleSupplier value);

    /** Removes the meters this sink created. */
    @Override
    void close();
}
