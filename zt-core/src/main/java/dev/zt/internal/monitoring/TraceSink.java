package dev.zt.internal.monitoring;

import dev.zt.spi.event.SecurityEvent;

/** Where decisions and events go in a tracing system: OpenTelemetry when present ({@link OtelSink}). */
interface TraceSink {

    /**
     * Annotates the current span, when it records, with a request's decision. {@code reason}, {@code issuer} and
     * {@code subject} may be null.
     */
    void decided(String decision, String reason, String issuer, String subject, int score, boolean reportOnly);

    /** Emits an audit event as a log record whose body is its audit line ({@code line}). */
    void event(SecurityEvent event, String line, boolean allowed);
}
