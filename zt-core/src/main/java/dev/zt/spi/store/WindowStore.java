package dev.zt.spi.store;

import java.time.Duration;

/**
 * Recent behaviour per session (or per subject without a session), for the rate and behaviour checks: requests in
 * the last minute, recent authorization denials, and the countries a session was last used from. The default is
 * in-process and bounded; several nodes share one store (e.g. Redis) so that a burst spread over nodes is counted
 * once. Keys are opaque strings chosen by zt.
 *
 * <p>A count need not be exact, but it must never fall short of the window (a limit may trigger early, never late),
 * and a key's memory must not grow with its rate. zt's two stores count each window in steps of 1/60 of it (a second
 * of the request minute): a count includes at most the times of the one step that the window's edge cuts.
 */
public interface WindowStore {

    /** Records a request and returns the number of requests in the last minute, this one included. */
    int recordRequest(String key);

    /**
     * Records a request and reads the key's recent denials: what the risk engine asks for every request. A store
     * that keeps its windows in another process should answer both in one round trip; the default calls
     * {@link #recordRequest} and then {@link #recentDenials}.
     *
     * @return the requests in the last minute (this one included) and the denials within the denial window
     */
    default RequestCounts recordRequestAndCountDenials(String key) {
        int requests = recordRequest(key);
        return new RequestCounts(requests, recentDenials(key));
    }

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

    /**
     * The value remembered under the key, remembering {@code value} for {@code ttl} when there is none (or replacing
     * it when {@code replace}): what a session was first seen with (its network, its user agent), for the
     * {@code session-drift} check. A store that cannot remember answers {@code value} (the default), and that check
     * then sees no drift.
     */
    default String remember(String key, String value, boolean replace, Duration ttl) {
        return value;
    }

    /** What {@link #recordRequestAndCountDenials} answers: two counts, neither negative. */
    final class RequestCounts {
        private final int requestsLastMinute;
        private final int recentDenials;

        /**
         * The counts of one key.
         *
         * @throws IllegalArgumentException if either is negative
         */
        public RequestCounts(int requestsLastMinute, int recentDenials) {
            if (requestsLastMinute < 0 || recentDenials < 0) {
                throw new IllegalArgumentException("negative count");
            }
            this.requestsLastMinute = requestsLastMinute;
            this.recentDenials = recentDenials;
        }

        /** Requests in the last minute, the one just recorded included. */
        public int requestsLastMinute() {
            return requestsLastMinute;
        }

        /** Denials within the denial window. */
        public int recentDenials() {
            return recentDenials;
        }
    }
}
