package dev.zt.internal.keys;

import dev.zt.config.JwksSettings;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.KeySourceException;
import dev.zt.spi.keys.VerificationKey;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWK Set kept fresh: zt's JWKS manager.
 *
 * <ul>
 *   <li>Serves an immutable snapshot; a request never waits for a fetch while usable keys exist.</li>
 *   <li>Freshness from {@code Cache-Control: max-age}, bounded by {@code zt.jwks.min-ttl}/{@code max-ttl}
 *       ({@code zt.jwks.default-ttl} without one); a background refresh starts at 80 % of it.</li>
 *   <li>An unknown {@code kid} refetches at most once per {@code zt.jwks.min-refresh-interval}; at most one fetch is
 *       in flight, however many threads ask (they all wait for that one).</li>
 *   <li>Failed fetches keep the last good keys for at most {@code zt.jwks.max-stale} past their freshness, then
 *       fail closed ({@link KeySourceException}); failures back off (1 s doubling up to the min refresh interval) and
 *       are retried, including a failed first fetch at start-up.</li>
 *   <li>A key missing from a new set is no longer trusted: unchanged keys keep their identity, removed ones vanish
 *       from the snapshot (see {@link KeySet#contains}).</li>
 * </ul>
 *
 * <p>A state machine over one volatile snapshot rather than a Caffeine cache: Caffeine's refresh is fixed per cache,
 * while a JWK Set's freshness varies per response, and the hot path here is a single volatile read.
 */
public final class JwksKeySource implements KeySource {

    private static final System.Logger LOG = System.getLogger("dev.zt.keys");

    private final JwksFetcher fetcher;
    private final Clock clock;
    private final Executor executor;
    private final long minRefreshMillis;
    private final long maxStaleMillis;
    private final Duration defaultTtl;
    private final Duration minTtl;
    private final Duration maxTtl;
    private final long waitMillis;
    private final AtomicInteger fetches = new AtomicInteger();

    private volatile State state = State.EMPTY;
    private volatile String lastError = "no fetch completed yet";

    private final Object lock = new Object();
    private CompletableFuture<State> inFlight; // guarded by lock
    private long lastUnknownKidFetch = Long.MIN_VALUE / 2; // guarded by lock
    private volatile long nextAttempt = Long.MIN_VALUE / 2; // written under lock
    private int failures; // guarded by lock

    /** Creates the source and starts the first fetch in the background. */
    public JwksKeySource(JwksFetcher fetcher, JwksSettings settings, Clock clock, Executor executor) {
        this.fetcher = Objects.requireNonNull(fetcher);
        this.clock = Objects.requireNonNull(clock);
        this.executor = Objects.requireNonNull(executor);
        this.minRefreshMillis = settings.minRefreshInterval().toMillis();
        this.maxStaleMillis = settings.maxStale().toMillis();
        this.defaultTtl = settings.defaultTtl();
        this.minTtl = settings.minTtl();
        this.maxTtl = settings.maxTtl();
        this.waitMillis = settings.connectTimeout().toMillis() + settings.readTimeout().toMillis() + 1000;
        synchronized (lock) {
            start(clock.millis());
        }
    }

    /** Immutable snapshot of what the source knows. */
    private static final class State {
        static final State EMPTY = new State(null, 0, 0, 0);
        final KeySet keys;
        final long freshUntil;
        final long refreshAt;
        final long usableUntil;

        State(KeySet keys, long fetchedAt, long ttlMillis, long maxStaleMillis) {
            this.keys = keys;
            this.freshUntil = fetchedAt + ttlMillis;
            this.refreshAt = fetchedAt + ttlMillis * 8 / 10;
            this.usableUntil = keys == null ? Long.MIN_VALUE : freshUntil + maxStaleMillis;
        }
    }

    @Override
    public KeySet keys() {
        State s = state;
        long now = clock.millis();
        if (s.keys != null && now < s.refreshAt) {
            return s.keys;
        }
        if (now < s.usableUntil) {
            if (now >= nextAttempt) {
                synchronized (lock) {
                    if (now >= nextAttempt) {
                        start(now);
                    }
                }
            }
            return s.keys;
        }
        CompletableFuture<State> f;
        synchronized (lock) {
            f = fetching() ? inFlight : now >= nextAttempt ? start(now) : null;
        }
        await(f);
        s = state;
        if (clock.millis() < s.usableUntil) {
            return s.keys;
        }
        throw new KeySourceException("no usable keys from " + fetcher.description() + ": " + lastError);
    }

    @Override
    public KeySet keysForUnknownKeyId(String keyId) {
        KeySet current = keys();
        if (!current.withId(keyId).isEmpty()) {
            return current;
        }
        CompletableFuture<State> f;
        synchronized (lock) {
            long now = clock.millis();
            if (fetching()) {
                f = inFlight;
            } else if (now - lastUnknownKidFetch >= minRefreshMillis) {
                lastUnknownKidFetch = now;
                f = start(now);
            } else {
                f = null;
            }
        }
        await(f);
        State s = state;
        return clock.millis() < s.usableUntil ? s.keys : current;
    }

    /**
     * True while a fetch runs; the caller holds {@link #lock}. A finished fetch may still be {@link #inFlight} for a
     * moment (its completion clears it on the fetching thread): its answer is already in {@link #state}, and a caller
     * after it starts a new fetch rather than take the old one's answer again.
     */
    private boolean fetching() {
        return inFlight != null && !inFlight.isDone();
    }

    /** Starts a fetch unless one is in flight; the caller holds {@link #lock}. */
    private CompletableFuture<State> start(long now) {
        if (fetching()) {
            return inFlight;
        }
        nextAttempt = now + minRefreshMillis; // no second background refresh while this one is judged
        CompletableFuture<State> f = CompletableFuture.supplyAsync(this::fetchOnce, executor);
        inFlight = f;
        f.whenComplete((s, e) -> {
            synchronized (lock) {
                if (inFlight == f) {
                    inFlight = null;
                }
            }
        });
        return f;
    }

    private void await(CompletableFuture<State> f) {
        if (f == null) {
            return;
        }
        try {
            f.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the fetch records its own failure; the caller looks at the state
            return;
        }
    }

    private State fetchOnce() {
        fetches.incrementAndGet();
        try {
            JwksFetcher.Fetched fetched = fetcher.fetch();
            List<VerificationKey> parsed = JwkSets.parse(fetched.body, fetcher.local(), fetcher.description());
            if (parsed.isEmpty()) {
                throw new java.io.IOException("the JWK Set holds no usable signing key");
            }
            Duration ttl = fetched.maxAge == null ? defaultTtl : fetched.maxAge;
            if (ttl.compareTo(minTtl) < 0) {
                ttl = minTtl;
            }
            if (ttl.compareTo(maxTtl) > 0) {
                ttl = maxTtl;
            }
            State old = state;
            KeySet keys = KeySet.of(keepIdentities(parsed, old.keys));
            long now = clock.millis();
            State fresh = new State(keys, now, ttl.toMillis(), maxStaleMillis);
            state = fresh;
            lastError = "none";
            synchronized (lock) {
                failures = 0;
                nextAttempt = fresh.refreshAt;
            }
            logRemoved(old.keys, keys);
            return fresh;
        } catch (Exception e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            lastError = message;
            long now = clock.millis();
            synchronized (lock) {
                failures++;
                long backoff = Math.min(1000L << Math.min(failures - 1, 20), Math.max(minRefreshMillis, 1000L));
                nextAttempt = now + backoff;
            }
            LOG.log(Level.WARNING, "JWK Set fetch from {0} failed ({1}); {2}", fetcher.description(), message,
                    state.keys == null ? "no keys yet, tokens of this issuer are refused"
                            : "serving the last good keys for at most the stale window");
            return state;
        }
    }

    private static List<VerificationKey> keepIdentities(List<VerificationKey> fresh, KeySet old) {
        if (old == null) {
            return fresh;
        }
        List<VerificationKey> out = new ArrayList<>(fresh.size());
        for (VerificationKey k : fresh) {
            VerificationKey same = k;
            for (VerificationKey o : old.all()) {
                if (Objects.equals(o.keyIdOrNull(), k.keyIdOrNull()) && o.algorithm().equals(k.algorithm())
                        && o.key().equals(k.key())) {
                    same = o;
                    break;
                }
            }
            out.add(same);
        }
        return out;
    }

    private void logRemoved(KeySet old, KeySet fresh) {
        if (old == null) {
            return;
        }
        Set<String> removed = new TreeSet<>();
        for (VerificationKey k : old.all()) {
            if (!fresh.contains(k)) {
                removed.add(k.keyId().orElse("(no kid)"));
            }
        }
        if (!removed.isEmpty()) {
            LOG.log(Level.INFO, "JWK Set from {0}: keys no longer trusted: {1}", fetcher.description(), removed);
        }
    }

    /** Waits for a fetch in flight, if any (for tests and orderly shutdown). */
    public void awaitIdle() {
        CompletableFuture<State> f;
        synchronized (lock) {
            f = inFlight;
        }
        await(f);
    }

    /** Number of fetches started so far (for tests and metrics). */
    public int fetchCount() {
        return fetches.get();
    }

    @Override
    public String description() {
        return fetcher.description();
    }
}
