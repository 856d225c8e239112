package dev.zt.internal.store;

import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every call into one store backend (e.g. one Redis) goes through its guard: a failure becomes
 * {@code store_unavailable} (HTTP 503 with {@code Retry-After}, fail closed), failures are logged at ERROR (and counted
 * as an outage) at most once a minute rather than once per request — a partial failure too, such as a full Redis that
 * refuses writes while it answers reads — and once a second call in a row has failed the backend counts as down: calls
 * are then refused at once but for one probe per interval, so that a request never waits the backend's timeout more
 * than once and a dead backend costs no waiting at all. A single failure between successes (a lost compare-and-set
 * race, one slow command) fails only its own call: it cannot shut every request out. The first successful call after
 * an outage ends it (logged at INFO with the number of refusals).
 */
public final class StoreGuard {

    private static final System.Logger LOG = System.getLogger("dev.zt.store");

    private final String name;
    private final LongSupplier nanos;
    private final long probeNanos;
    /** Failures are logged (and an outage counted) at most this often. */
    private static final long LOG_NANOS = Duration.ofMinutes(1).toNanos();
    private final Consumer<String> outages;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Failed calls since the last success. */
    private final AtomicLong consecutive = new AtomicLong();
    /** When failures were last logged (monotonic nanos); {@code Long.MIN_VALUE}: never. */
    private final AtomicLong logged = new AtomicLong(Long.MIN_VALUE);

    /**
     * A guard for the backend {@code name}; {@code probeInterval} apart, one call is let through to find out whether it
     * is back; {@code outages} is told the name at the start of each outage (a counter). The interval is measured on
     * the monotonic clock: it paces retries and decides nothing about a request.
     */
    public StoreGuard(String name, Duration probeInterval, Consumer<String> outages) {
        this(name, probeInterval, outages, System::nanoTime);
    }

    StoreGuard(String name, Duration probeInterval, Consumer<String> outages, LongSupplier nanos) {
        this.name = name;
        this.nanos = nanos;
        this.probeNanos = Math.max(1, probeInterval.toNanos());
        this.outages = outages;
    }

    /** True while the backend is considered down (from the second failure in a row to the next successful call). */
    public boolean isDown() {
        return down.get();
    }

    /** Runs one call to the backend; any failure is a {@code store_unavailable} rejection. */
    public <T> T call(String what, Supplier<T> call) {
        if (down.get() && !mayProbe()) {
            refused.incrementAndGet();
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the " + name + " store is unavailable"
                    + " (" + what + " not attempted during the outage)");
        }
        T result;
        try {
            result = call.get();
        } catch (TokenRejectedException e) {
            throw e; // already a decision (e.g. a store that refuses to run on a lossy backend)
        } catch (RuntimeException e) {
            failed(e);
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the " + name + " store could not "
                    + what + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (consecutive.get() != 0) {
            consecutive.set(0);
            if (down.get() && down.compareAndSet(true, false)) {
                LOG.log(Level.INFO, "zt {0} store is available again ({1} calls refused)", name,
                        Long.toString(refused.getAndSet(0)));
            }
        }
        return result;
    }

    /** Runs one call that returns nothing. */
    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private boolean mayProbe() {
        long now = nanos.getAsLong();
        long next = nextProbe.get();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + probeNanos);
    }

    private void failed(RuntimeException e) {
        refused.incrementAndGet();
        long now = nanos.getAsLong();
        long last = logged.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_NANOS) && logged.compareAndSet(last, now)) {
            LOG.log(Level.ERROR, "zt {0} store is unavailable ({1}: {2}); requests that need it are refused with"
                    + " store_unavailable until it answers again (logged at most once a minute)", name,
                    e.getClass().getName(), e.getMessage());
            outages.accept(name);
        } else {
            LOG.log(Level.DEBUG, "zt {0} store failed again ({1})", name, e.getClass().getName());
        }
        if (consecutive.incrementAndGet() > 1) {
            nextProbe.set(now + probeNanos);
            down.set(true);
        }
    }
}
