package dev.zt.spi.store;

import java.time.Duration;

/**
 * Recent behaviour per session (or per subject without a session), for the rate and behaviour checks: requests in
 * the last minute, recent authorization denials, and the countries a session was last used from. The default is
 * in-process and bounded; several nodes share one store (e.g. Redis) so that a burst spread over nodes is counted
 * once. Keys are opaque strings chosen by zt.
 */
public interface WindowStore {

    /** Records a request and returns the number of requests in the last minute, this one included. */
    int recordRequest(String key);

    /** Records an authorization denial. */
    void recordDenial(String key);

    /** Denials within the configured window ({@code zt.risk.authz-failures.window}). */
    int recentDenials(String key);

    /**
     * Records the country a key was used from; true when the key alternates between two countries within
     * {@code window} (A, then B, then A again).
     */
    boolean alternates(String key, String country, Duration window);

    /**
     * Records an event (a failed login, a created session) and returns the number of events of the key within
     * {@code window}, this one included.
     */
    int recordEvent(String key, Duration window);

    /** The number of events of the key within {@code window}. */
    int countEvents(String key, Duration window);
}
