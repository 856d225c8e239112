package dev.zt.spi.event;

/**
 * Receives every {@link SecurityEvent} (continuous monitoring). The default listener writes one JSON line per event to
 * the {@code dev.zt.audit} logger. Listeners run on the request thread: keep them fast, hand heavy work to a queue;
 * an exception from a listener is logged and never changes the decision.
 */
public interface SecurityEventListener {
    /** Called for each event. */
    void onEvent(SecurityEvent event);
}
