package dev.zt.internal.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/** zt's Caffeine caches: time from the injected clock, and entries that expire at an instant of their own. */
public final class Caches {

    private Caches() {
    }

    /** A bounded builder whose time is {@code clock}'s (tests move the clock; caches never read the wall clock). */
    public static Caffeine<Object, Object> builder(Clock clock, long maximumSize) {
        return bounded(maximumSize).ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    /**
     * A bounded builder on Caffeine's own ticker (for caches without expiry, or whose expiry need not follow the injected
     * clock; {@link #builder(Clock, long)} otherwise). Its upkeep (applying reads and writes to the eviction policy,
     * evicting, expiring) runs on the thread that reads or writes, amortised over its calls, never on the JVM's common
     * pool: Caffeine's default hands it to the pool every few calls, which on a request path costs a thread wake-up (a
     * futex call) each time, and in an application server runs code on threads that carry no application context.
     */
    public static Caffeine<Object, Object> bounded(long maximumSize) {
        return Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run);
    }

    /**
     * Expiry at the instant (epoch milliseconds) each value names, set on every write and never extended by a read;
     * an instant already past expires the entry at once.
     */
    public static <K, V> Expiry<K, V> until(Clock clock, ToLongFunction<V> untilMillis) {
        return Expiry.writing((key, value) -> Duration.ofMillis(Math.max(0,
                untilMillis.applyAsLong(value) - clock.millis())));
    }
}
