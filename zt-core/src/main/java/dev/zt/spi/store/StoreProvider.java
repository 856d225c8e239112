package dev.zt.spi.store;

import dev.zt.config.ZtConfig;

import java.time.Clock;
import java.util.Optional;

/**
 * Supplies shared stores for several nodes (sessions, revocations, subject profiles, rate windows), selected with
 * {@code zt.store=<name>}; the in-memory stores stay the default. Discovered with the {@link java.util.ServiceLoader}
 * (thread context class loader first); two providers with one name are an error. zt-store-redis provides
 * {@code redis}.
 */
public interface StoreProvider {

    /** The name {@code zt.store} selects, e.g. {@code redis}. */
    String name();

    /**
     * Creates the stores; configuration errors are {@link dev.zt.config.ConfigurationException}s. A store that
     * cannot reach its backend must not fail here: it fails closed per request and recovers by itself.
     */
    Stores create(ZtConfig config, Clock clock, ClassLoader loader);

    /** The stores of one provider; an empty one keeps zt's in-memory default. */
    interface Stores extends AutoCloseable {
        /** The session store. */
        Optional<SessionStore> sessions();

        /** The revocation store. */
        Optional<RevocationStore> revocations();

        /** The profile store. */
        Optional<ProfileStore> profiles();

        /** The rate and behaviour windows. */
        default Optional<WindowStore> windows() {
            return Optional.empty();
        }

        /** The replay cache for one-time values. */
        default Optional<ReplayCache> replays() {
            return Optional.empty();
        }

        /**
         * The clock the stores keep time on, when it is not the node's: e.g. a shared server's, so that instants
         * written by different nodes (a rotation, a window) compare on one time line whatever each node's clock says.
         * zt's session manager then uses it.
         */
        default Optional<Clock> clock() {
            return Optional.empty();
        }

        /** Where the nodes share their recent decisions for the roll-out console; empty: each node shows its own. */
        default Optional<ActivityStore> activity() {
            return Optional.empty();
        }

        /**
         * Starts (or resumes) the store work of one request on the calling thread: until the returned budget is closed,
         * every call these stores answer on this thread spends from one budget, the backend's timeout
         * ({@code zt.redis.timeout} for zt-store-redis), however many lookups the request makes; a call made once it
         * is spent fails at once (zt answers {@code 503 store_unavailable}). Outside a budget each call waits at most
         * the timeout. {@code resumed} is a budget this request had before (zt-cdi's mechanism, then the filter), to
         * go on spending from, or {@code null}; a budget opened while another is bound to the thread is
         * {@link Budget#NONE} and the earlier one goes on.
         */
        default Budget budget(Budget resumed) {
            return Budget.NONE;
        }

        /** Releases connections. */
        @Override
        void close();
    }

    /**
     * A request's store budget (see {@link Stores#budget}); closing it unbinds it from the thread (more than once
     * too), and it may be resumed later by the same request.
     */
    interface Budget extends AutoCloseable {
        /** No budget: each store call waits at most the backend's own timeout. */
        Budget NONE = () -> { };

        @Override
        void close();
    }
}
