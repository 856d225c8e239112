package dev.zt.internal.risk;

import com.github.benmanes.caffeine.cache.Cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Recent behaviour per session (or per subject without a session): requests in the last minute (sliding window,
 * counted per second), recent authorization denials, and the last country seen with its time. Bounded: idle entries
 * expire, and at most {@code maxEntries} keys are kept; each window keeps at most 128 counted steps,
 * whatever the rate.
 */
public final class RiskHistory implements dev.zt.spi.store.WindowStore {

    /** The most times a window counts (as Redis's store keeps at most 100,000). */
    private static final int MAX_TIMESTAMPS = 100_000;
    /** A window's steps: its times are counted per 1/60 of it (a second of a minute). */
    private static final int STEPS_PER_WINDOW = 60;
    /** The most steps a window keeps; once full, the newest step takes every new time (counts never fall short). */
    private static final int MAX_STEPS = 128;

    /** One key's windows. Guarded by its own monitor. */
    static final class Windows {
        final Times requests = new Times();
        final Times denials = new Times();
        final Times events = new Times();
        /** The last two countries the key was seen from, each with when it was last seen (epoch ms). */
        Map.Entry<String, Long> last;
        Map.Entry<String, Long> previous;
    }

    /**
     * The times of one window, counted in steps of 1/{@link #STEPS_PER_WINDOW} of it (a second of the one-minute
     * request window): each step the number of times in it and the newest one (epoch ms), oldest first, in a ring of
     * primitives that grows by doubling up to {@link #MAX_STEPS}. 12 bytes a step: under 1 KB for a window whose every
     * second was busy, at most about 1.5 KB, whether the key made one request a second or a thousand; a request costs
     * the same work at any rate. A step leaves the window once its newest time has: until then its older times still
     * count, so a count may include times up to one step older than the window (never fewer than the window holds).
     * Guarded by the windows' monitor.
     */
    static final class Times {
        private long[] newest = new long[4];
        private int[] counts = new int[4];
        private int head;
        private int steps;
        /** When the newest step began (epoch ms). */
        private long stepStart;
        /** The times in the window, at most {@link #MAX_TIMESTAMPS}. */
        private int size;

        int size() {
            return size;
        }

        /** The steps kept (for tests of the bound). */
        int steps() {
            return steps;
        }

        void trim(long cutoff) {
            while (steps > 0 && newest[head] < cutoff) {
                size -= counts[head];
                head = (head + 1) & (newest.length - 1);
                steps--;
            }
        }

        /** Adds {@code t} (never older than the last time added: the clock's) in a step of {@code step} ms. */
        void add(long t, long step) {
            if (size >= MAX_TIMESTAMPS) {
                return;
            }
            size++;
            if (steps > 0 && (t - stepStart < step || steps == MAX_STEPS)) {
                int last = (head + steps - 1) & (newest.length - 1);
                newest[last] = Math.max(newest[last], t);
                counts[last]++;
                return;
            }
            if (steps == newest.length) {
                long[] n = new long[newest.length * 2];
                int[] c = new int[n.length];
                for (int i = 0; i < steps; i++) {
                    n[i] = newest[(head + i) & (newest.length - 1)];
                    c[i] = counts[(head + i) & (newest.length - 1)];
                }
                newest = n;
                counts = c;
                head = 0;
            }
            int at = (head + steps) & (newest.length - 1);
            newest[at] = t;
            counts[at] = 1;
            steps++;
            stepStart = t;
        }
    }

    private final Cache<String, Windows> windows;
    /** Remembered values with their expiry (epoch ms), bounded like the windows. */
    private final Cache<String, Map.Entry<String, Long>> remembered;
    private final Clock clock;
    private final long denialWindowMillis;

    /** Creates the history; idle keys are forgotten after the longest window plus a minute. */
    public RiskHistory(Clock clock, long maxEntries, Duration denialWindow, Duration longestWindow) {
        this.clock = clock;
        this.denialWindowMillis = denialWindow.toMillis();
        Duration longest = longestWindow.compareTo(denialWindow) > 0 ? longestWindow : denialWindow;
        this.windows = dev.zt.internal.cache.Caches.builder(clock, maxEntries)
                .expireAfterAccess(Duration.ofMinutes(Math.max(2, longest.toMinutes() + 1)))
                .build();
        this.remembered = dev.zt.internal.cache.Caches.builder(clock, maxEntries).expireAfter(
                dev.zt.internal.cache.Caches.<String, Map.Entry<String, Long>>until(clock, Map.Entry::getValue))
                .build();
    }

    @Override
    public String remember(String key, String value, boolean replace, Duration ttl) {
        Map.Entry<String, Long> fresh = Map.entry(value, clock.millis() + Math.max(1000, ttl.toMillis()));
        if (replace) {
            remembered.put(key, fresh);
            return value;
        }
        return remembered.get(key, k -> fresh).getKey();
    }

    /** Adds now to a window of {@code windowMillis} (bounded); the count within it. Under the windows' monitor. */
    private int add(Times window, long windowMillis) {
        return add(window, windowMillis, clock.millis());
    }

    private static int add(Times window, long windowMillis, long now) {
        window.trim(now - windowMillis);
        window.add(now, Math.max(1, windowMillis / STEPS_PER_WINDOW));
        return window.size();
    }

    private Windows of(String key) {
        return windows.get(key, k -> new Windows());
    }

    @Override
    public int recordRequest(String key) {
        Windows w = of(key);
        synchronized (w) {
            return add(w.requests, 60_000);
        }
    }

    /** Both counts under one look-up and one lock. */
    @Override
    public RequestCounts recordRequestAndCountDenials(String key) {
        Windows w = of(key);
        synchronized (w) {
            long now = clock.millis(); // one reading for both windows, under the monitor (times are added in order)
            int requests = add(w.requests, 60_000, now);
            w.denials.trim(now - denialWindowMillis);
            return new RequestCounts(requests, w.denials.size());
        }
    }

    @Override
    public void recordDenial(String key) {
        Windows w = of(key);
        synchronized (w) {
            add(w.denials, denialWindowMillis);
        }
    }

    @Override
    public int recentDenials(String key) {
        long now = clock.millis();
        Windows w = of(key);
        synchronized (w) {
            w.denials.trim(now - denialWindowMillis);
            return w.denials.size();
        }
    }

    /**
     * Records the country a key was seen from; true when the key alternates between two countries within
     * {@code window} (A, then B, then A again): two parties using one session at once, rather than one traveller.
     */
    @Override
    public boolean alternates(String key, String country, Duration window) {
        long now = clock.millis();
        long w0 = window.toMillis();
        Windows w = of(key);
        synchronized (w) {
            Map.Entry<String, Long> here = Map.entry(country, now);
            if (w.last != null && country.equals(w.last.getKey())) {
                w.last = here;
                return false;
            }
            boolean flip = w.previous != null && country.equals(w.previous.getKey())
                    && now - w.previous.getValue() <= w0 && now - w.last.getValue() <= w0;
            w.previous = w.last;
            w.last = here;
            return flip;
        }
    }

    @Override
    public int recordEvent(String key, Duration window) {
        Windows w = of("e " + key);
        synchronized (w) {
            return add(w.events, window.toMillis());
        }
    }

    @Override
    public int countEvents(String key, Duration window) {
        long now = clock.millis();
        Windows w = windows.getIfPresent("e " + key);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            w.events.trim(now - window.toMillis());
            return w.events.size();
        }
    }

}
