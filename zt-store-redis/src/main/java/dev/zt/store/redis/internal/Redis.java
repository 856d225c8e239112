package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import io.lettuce.core.ClientOptions;
import dev.zt.spi.store.StoreProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One Redis client shared by the stores, and what zt must know about the server before it trusts it:
 *
 * <ul>
 *   <li><b>Connections without waiting.</b> They are opened in the background at start and re-opened by themselves
 *   (reconnect back-off from 50 ms doubling to at most {@link #MAX_RECONNECT_DELAY}); while there is none, or while it
 *   is being verified, every command fails at once, which the stores' guard answers {@code store_unavailable}.</li>
 *   <li><b>Durability.</b> On every (re)connection and every {@link #CHECK_INTERVAL} the server's settings are read
 *   ({@code CONFIG GET appendonly maxmemory maxmemory-policy}): without the append-only file, or with an eviction
 *   policy that may drop keys, a restart or eviction would forget revocations, so zt refuses to use the server unless
 *   {@code zt.redis.allow-volatile=true}.</li>
 *   <li><b>Data loss.</b> A random epoch is written once (no expiry). A node that finds another epoch, or none, knows
 *   that Redis lost its data: it records the loss instant ({@code lost}, kept for the subject-revocation retention), and
 *   every node then treats tokens issued before it as revoked and profiles as of unknown history.</li>
 *   <li><b>One budget per request.</b> Every command waits at most {@code zt.redis.timeout}; within a request's
 *   {@linkplain #budget budget} all commands on its thread share that one timeout (the time they spent waiting is
 *   added up), so a request that makes several lookups against a slow Redis waits one timeout in total and the
 *   lookup after that fails at once.</li>
 *   <li><b>One clock.</b> The server's {@code TIME} is sampled with every check; {@link #clock()} is the node's clock
 *   corrected by the measured offset (to within half a round trip), so instants written by different nodes compare
 *   on one time line.</li>
 * </ul>
 */
public final class Redis implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt.store.redis");
    private static final String TIMEOUT_KEY = RedisSettings.TIMEOUT;
    /** The longest pause between two reconnection attempts. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
    /** How soon a check that failed (a slow or dropped command) is tried again. */
    private static final Duration RECHECK_DELAY = Duration.ofMillis(250);
    /** How often the settings, the epoch and the clock offset are checked on a live connection. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
    /** Records the loss instant unless a later one is there already; kept as long as subject revocations. */
    private static final String MARK_LOST = "local cur = tonumber(redis.call('GET', KEYS[1]) or '0') "
            + "if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end "
            + "return tostring(cur)";

    private final RedisClient client;
    private final ClientResources resources;
    private final RedisURI uri;
    private final String where;
    private final String channel;
    private final String epochKey;
    private final String lostKey;
    private final boolean allowVolatile;
    private final boolean storeClock;
    private final Duration lossRetention;
    private final Clock base;
    private final Consumer<String> invalidations;
    private final long timeoutNanos;
    /** Measures the time commands wait (monotonic; a test may advance it). */
    private final LongSupplier nanos;
    /** The budget of the request this thread is working for, if any. */
    private final ThreadLocal<Budget> budgets = new ThreadLocal<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean checking = new AtomicBoolean();
    /** A check was asked for while one ran: run another when it ends (e.g. the second connection came back). */
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CompletableFuture<String> firstCheck = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    /** Why commands are refused now; {@code null} once the connection is up and the server verified. */
    private volatile String refusal = "not connected yet";
    private volatile String epoch;
    private volatile long offsetMillis;
    private volatile long lostAtMillis;

    /**
     * Prepares the client and starts connecting in the background; {@code base} is the node's clock,
     * {@code invalidations} receives the near-cache invalidations of every node ({@code "*"}: drop everything).
     */
    Redis(RedisSettings settings, Clock base, Duration lossRetention, Consumer<String> invalidations) {
        this(settings, base, lossRetention, invalidations, System::nanoTime);
    }

    Redis(RedisSettings settings, Clock base, Duration lossRetention, Consumer<String> invalidations,
            LongSupplier nanos) {
        this.nanos = nanos;
        this.timeoutNanos = settings.timeout.toNanos();
        this.uri = settings.uri;
        this.uri.setTimeout(settings.timeout);
        this.where = uri.getHost() + ":" + uri.getPort();
        this.resources = ClientResources.builder().reconnectDelay(Delay.exponential(Duration.ofMillis(50),
                MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS)).build();
        this.client = RedisClient.create(resources, uri);
        ClientOptions.Builder options = ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout));
        if (settings.ca != null) {
            options.sslOptions(io.lettuce.core.SslOptions.builder().trustManager(settings.ca).build());
        }
        client.setOptions(options.build());
        this.channel = settings.prefix + "invalidate";
        this.epochKey = settings.prefix + "epoch";
        this.lostKey = settings.prefix + "lost";
        this.allowVolatile = settings.allowVolatile;
        this.storeClock = settings.storeClock;
        this.lossRetention = lossRetention;
        this.base = base;
        this.invalidations = invalidations;
        resources.eventBus().get().subscribe(event -> {
            if (event instanceof ConnectionDeactivatedEvent) {
                refuse("connection lost; reconnecting");
            } else if (event instanceof ConnectionActivatedEvent && connection != null) {
                check();
            }
        });
        LOG.log(Level.INFO, "zt stores on Redis {0}", where);
        connect();
        resources.eventExecutorGroup().scheduleWithFixedDelay(this::check, CHECK_INTERVAL.toMillis(),
                CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits at most {@code timeout} for the first verification of the server: the reason it cannot be used (a lossy
     * configuration), or empty when it can or could not be reached in time (then requests fail closed until it is).
     */
    Optional<String> awaitFirstCheck(Duration timeout) {
        try {
            return Optional.ofNullable(firstCheck.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Runs one command and waits for its answer, at most {@code zt.redis.timeout}, or what is left of the request's
     * budget when this thread works within one; throws {@link RedisException} at once while there is no verified
     * connection or when the budget is spent, {@link RedisCommandTimeoutException} when the answer is late.
     */
    public <T> T call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        Budget budget = budgets.get();
        long wait = budget == null ? timeoutNanos : timeoutNanos - budget.spent;
        if (wait <= 0) {
            throw new RedisCommandTimeoutException("Redis " + where + ": the request spent its budget ("
                    + TIMEOUT_KEY + " " + Duration.ofNanos(timeoutNanos) + ") on earlier commands; not sent");
        }
        String why = refusal;
        StatefulRedisConnection<String, String> c = connection;
        if (why != null || c == null) {
            throw new RedisException("Redis " + where + ": " + (why != null ? why : "not connected yet"));
        }
        long start = nanos.getAsLong();
        RedisFuture<T> answer = command.apply(c.async());
        try {
            return answer.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new RedisCommandTimeoutException("Redis " + where + ": no answer within "
                    + Duration.ofNanos(wait).toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new RedisException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(false);
            throw new RedisCommandInterruptedException(e);
        } finally {
            if (budget != null) {
                budget.spent += nanos.getAsLong() - start;
            }
        }
    }

    /**
     * Binds a request's budget to this thread until it is closed: {@code resumed} when it is one of this client's (the
     * same request, e.g. zt-cdi's mechanism before the filter), else a new one. Within a budget already bound to the
     * thread the outer one goes on ({@link StoreProvider.Budget#NONE} is returned).
     */
    StoreProvider.Budget budget(StoreProvider.Budget resumed) {
        if (budgets.get() != null) {
            return StoreProvider.Budget.NONE;
        }
        Budget b = resumed instanceof Budget && ((Budget) resumed).owner() == this ? (Budget) resumed : new Budget();
        budgets.set(b);
        return b;
    }

    /** The node's clock corrected to the Redis server's (or the node's own, with {@code zt.redis.clock=node}). */
    public Clock clock() {
        return new OffsetClock();
    }

    /** The instant at which Redis was found to have lost its data, within the retention; empty when it did not. */
    public Optional<Instant> lostAt() {
        long at = lostAtMillis;
        return at == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    /** The key of the epoch, which revocation checks read along with their keys. */
    String epochKey() {
        return epochKey;
    }

    /**
     * Whether {@code seen}, the epoch a command just read, is the one this node verified; when not, Redis lost its data
     * since: a check runs at once (it records the loss) and the caller fails closed meanwhile.
     */
    boolean sameEpoch(String seen) {
        String known = epoch;
        if (known != null && known.equals(seen)) {
            return true;
        }
        refuse("its epoch changed (data lost); verifying");
        check();
        return false;
    }

    /** The pub/sub channel of invalidations, for a script that publishes one itself ({@link #invalidate}'s message). */
    String invalidationChannel() {
        return channel;
    }

    /** Tells every node (this one included) to drop a cached entry. */
    public void invalidate(String key) {
        call(c -> c.publish(channel, key));
    }

    /** A bounded near cache whose entries live at most {@code ttl}. */
    public static <V> Cache<String, V> nearCache(long maxEntries, Duration ttl) {
        return dev.zt.internal.cache.Caches.bounded(maxEntries).expireAfterWrite(ttl).build();
    }

    private void refuse(String why) {
        if (refusal == null) {
            LOG.log(Level.WARNING, "zt: Redis {0}: {1}", where, why);
        }
        refusal = why;
    }

    /** Opens both connections in the background; retried with back-off until they are there. */
    private void connect() {
        if (closed) {
            return;
        }
        client.connectPubSubAsync(StringCodec.UTF8, uri).thenCompose(ps -> {
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    if (channel.equals(ch)) {
                        invalidations.accept(message);
                    }
                }
            });
            pubSub = ps;
            return ps.async().subscribe(channel); // before serving: no invalidation is missed once we do
        }).thenCompose(x -> client.connectAsync(StringCodec.UTF8, uri)).whenComplete((c, e) -> {
            if (e != null) {
                StatefulRedisPubSubConnection<String, String> ps = pubSub;
                pubSub = null;
                if (ps != null) {
                    ps.closeAsync();
                }
                refusal = "cannot connect (" + rootMessage(e) + ")";
                long delay = Math.min(MAX_RECONNECT_DELAY.toMillis(), 50L << Math.min(6, attempts.getAndIncrement()));
                if (!closed) {
                    resources.eventExecutorGroup().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
                }
                return;
            }
            connection = c;
            attempts.set(0);
            check();
        });
    }

    /**
     * Verifies the server (settings, epoch, clock) on the live connection without blocking; commands are refused
     * until it passes. One check at a time.
     */
    private void check() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || closed) {
            return;
        }
        if (!checking.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        long sent = base.millis();
        c.async().time().thenCombine(c.async().configGet("appendonly", "maxmemory", "maxmemory-policy")
                .handle((config, e) -> e == null ? config : null), (time, config) -> {
                    long received = base.millis();
                    long server = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
                    offsetMillis = storeClock ? server - (sent + received) / 2 : 0;
                    return lossy(config);
                }).thenCompose(lossy -> {
                    if (lossy != null && !allowVolatile) {
                        return CompletableFuture.completedFuture(lossy + "; zt refuses to keep revocations there: set"
                                + " appendonly yes (and maxmemory-policy noeviction), or accept the risk with"
                                + " zt.redis.allow-volatile=true");
                    }
                    return checkEpoch(c).thenApply(ok -> (String) null);
                }).whenComplete((unusable, e) -> {
                    checking.set(false);
                    if (again.getAndSet(false)) {
                        resources.eventExecutorGroup().execute(this::check);
                    }
                    if (e != null) {
                        // not verified yet (or reconnecting): stay refused; verified before: keep serving, since
                        // every revocation check reads the epoch itself; either way try again soon, not in 5 s
                        LOG.log(Level.DEBUG, "zt: Redis {0}: check failed ({1}); retrying", where, rootMessage(e));
                        if (!closed) {
                            resources.eventExecutorGroup().schedule(this::check, RECHECK_DELAY.toMillis(),
                                    TimeUnit.MILLISECONDS);
                        }
                        return;
                    }
                    if (unusable != null) {
                        if (!unusable.equals(refusal)) {
                            LOG.log(Level.ERROR, "zt: Redis {0}: {1}", where, unusable);
                        }
                        refusal = unusable;
                    } else if (refusal != null) {
                        LOG.log(Level.INFO, "zt: Redis {0} connected and verified", where);
                        invalidations.accept("*"); // invalidations may have been missed while disconnected
                        refusal = null;
                    }
                    firstCheck.complete(unusable); // after the state it reports
                });
    }

    /** Why the server may lose zt's data, or {@code null}; unreadable settings count as lossy. */
    private static String lossy(Map<String, String> config) {
        if (config == null || config.isEmpty()) {
            return "its persistence settings cannot be read (CONFIG GET is not allowed)";
        }
        if (!"yes".equals(config.get("appendonly"))) {
            return "appendonly is " + config.get("appendonly") + " (a restart loses every write since the last"
                    + " snapshot)";
        }
        String policy = config.getOrDefault("maxmemory-policy", "");
        if (!"0".equals(config.getOrDefault("maxmemory", "0")) && !"noeviction".equals(policy)) {
            return "maxmemory-policy is " + policy + " (keys may be evicted when memory is full)";
        }
        return null;
    }

    /** Writes the epoch if there is none, compares it with what this node saw, and reads the loss instant. */
    private CompletableFuture<Boolean> checkEpoch(StatefulRedisConnection<String, String> c) {
        String mine = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        return c.async().set(epochKey, mine, SetArgs.Builder.nx()).toCompletableFuture()
                .thenCompose(x -> c.async().get(epochKey).toCompletableFuture()).thenCompose(current -> {
                    String seen = epoch;
                    epoch = current;
                    if (seen != null && !seen.equals(current)) {
                        long now = clock().millis();
                        LOG.log(Level.ERROR, "zt: Redis {0} lost its data (its epoch changed): tokens issued before"
                                + " {1} are refused as possibly revoked, sessions must be created again, and subject"
                                + " histories are unknown", where, Instant.ofEpochMilli(now));
                        return c.async().<String>eval(MARK_LOST, ScriptOutputType.VALUE, new String[] {lostKey},
                                Long.toString(now), Long.toString(lossRetention.toMillis())).toCompletableFuture();
                    }
                    return c.async().get(lostKey).toCompletableFuture();
                }).thenApply(lost -> {
                    long at = lost == null ? 0 : Long.parseLong(lost);
                    if (at > lostAtMillis || lost == null && lostAtMillis != 0
                            && clock().millis() > lostAtMillis + lossRetention.toMillis()) {
                        lostAtMillis = at; // a later loss seen by another node, or the retention is over
                    }
                    return Boolean.TRUE;
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (pubSub != null) {
                pubSub.close();
            }
            if (connection != null) {
                connection.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** One request's time waiting on Redis, added up over its commands; used by one thread at a time. */
    private final class Budget implements StoreProvider.Budget {
        /** Nanoseconds spent waiting so far (handed from thread to thread through the request, hence volatile). */
        volatile long spent;

        Redis owner() {
            return Redis.this;
        }

        @Override
        public void close() {
            if (budgets.get() == this) {
                budgets.remove();
            }
        }
    }

    /** The node's clock plus the offset last measured against the server. */
    private final class OffsetClock extends Clock {
        @Override
        public ZoneId getZone() {
            return base.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.offset(base.withZone(zone), Duration.ofMillis(offsetMillis));
        }

        @Override
        public long millis() {
            return base.millis() + offsetMillis;
        }

        @Override
        public Instant instant() {
            return base.instant().plusMillis(offsetMillis);
        }
    }
}
