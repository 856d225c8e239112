package dev.zt.internal.monitoring;

import dev.zt.monitoring.Health;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.store.ProfileStore;
import dev.zt.ssf.StreamStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Checks what zt depends on, at most once every {@link #FRESH} (a probe in a loop costs one check): each issuer's key
 * source answers with keys, the profile store answers a read, each Shared Signals stream is enabled and without a
 * recent error, the PDP answers its discovery document. Every check catches what it throws.
 */
public final class HealthProbe {

    /** How long one health is answered again. */
    public static final Duration FRESH = Duration.ofSeconds(5);

    private final Map<String, KeySource> keys;
    private final ProfileStore store;
    private final Supplier<List<StreamStatus>> streams;
    /** The PDP's check: null when it answered, else why not; the supplier null without a PDP. */
    private final Supplier<String> pdp;
    private final Clock clock;
    /** When the probe was made (the engine's start): a stream never heard from lags since then. */
    private final Instant started;
    private volatile Health last;

    /** A probe of these dependencies. */
    public HealthProbe(Map<String, KeySource> keys, ProfileStore store, Supplier<List<StreamStatus>> streams,
            Supplier<String> pdp, Clock clock) {
        this.keys = new TreeMap<>(keys);
        this.store = store;
        this.streams = streams;
        this.pdp = pdp;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The health, checked now unless a check is less than {@link #FRESH} old. */
    public Health health() {
        Health h = last;
        Instant now = clock.instant();
        if (h != null && h.checkedAt().plus(FRESH).isAfter(now)) {
            return h;
        }
        synchronized (this) {
            h = last;
            if (h != null && h.checkedAt().plus(FRESH).isAfter(now)) {
                return h;
            }
            last = h = check(now);
            return h;
        }
    }

    private Health check(Instant now) {
        List<Health.Component> out = new ArrayList<>();
        keys.forEach((issuer, source) -> {
            try {
                int n = source.keys().size();
                out.add(Health.Component.of("keys:" + issuer, n > 0 ? Health.Status.UP : Health.Status.DOWN,
                        n + (n == 1 ? " key" : " keys"), java.util.Map.of("keys", (long) n)));
            } catch (RuntimeException e) {
                out.add(Health.Component.of("keys:" + issuer, Health.Status.DOWN, "no trustworthy keys ("
                        + e.getClass().getSimpleName() + ")"));
            }
        });
        try {
            store.get("zt-health");
            out.add(Health.Component.of("store", Health.Status.UP, "answers"));
        } catch (RuntimeException e) {
            out.add(Health.Component.of("store", Health.Status.DOWN, "does not answer (" + e.getClass().getSimpleName()
                    + ")"));
        }
        for (StreamStatus s : streams.get()) {
            String lag = s.lastContact().map(t -> Duration.between(t, now).getSeconds() + " s since the transmitter"
                    + " was last heard from").orElse("never heard from");
            boolean ok = "enabled".equals(s.status()) && s.lastError().isEmpty() && s.lastContact().isPresent();
            long lagSeconds = Math.max(0, Duration.between(s.lastContact().orElse(started), now).getSeconds());
            out.add(Health.Component.of("ssf:" + s.transmitter(), ok ? Health.Status.UP : Health.Status.DEGRADED,
                    s.status() + ", " + lag + (s.lastError().isPresent() ? ", its last call failed" : ""),
                    java.util.Map.of("lag_seconds", lagSeconds)));
        }
        if (pdp != null) {
            String why;
            try {
                why = pdp.get();
            } catch (RuntimeException e) {
                why = e.getClass().getSimpleName();
            }
            out.add(why == null ? Health.Component.of("pdp", Health.Status.UP, "answers")
                    : Health.Component.of("pdp", Health.Status.DEGRADED, "does not answer (" + why + ")"));
        }
        return Health.of(now, out);
    }
}
