package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One Redis client shared by the stores: a command connection (short timeouts, commands rejected while disconnected
 * so that callers fail closed at once, automatic reconnection so that they recover by themselves) and a pub/sub
 * connection carrying near-cache invalidations between nodes.
 */
public final class Redis implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt.store.redis");

    private final RedisClient client;
    private final String channel;
    private final Consumer<String> invalidations;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;

    /** Prepares the client; connections are opened on first use (and retried while Redis is down). */
    public Redis(RedisURI uri, Duration timeout, String prefix, java.io.File trustedCertificates,
            Consumer<String> invalidations) {
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        ClientOptions.Builder options = ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        if (trustedCertificates != null) {
            options.sslOptions(io.lettuce.core.SslOptions.builder().trustManager(trustedCertificates).build());
        }
        client.setOptions(options.build());
        this.channel = prefix + "invalidate";
        this.invalidations = invalidations;
        LOG.log(Level.INFO, "zt stores on Redis {0}:{1}", uri.getHost(), Integer.toString(uri.getPort()));
    }

    /** Synchronous commands; every call throws {@link io.lettuce.core.RedisException} on failure or timeout. */
    public RedisCommands<String, String> sync() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            c = connect();
        }
        return c.sync();
    }

    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection == null) {
            StatefulRedisPubSubConnection<String, String> ps = client.connectPubSub();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    if (channel.equals(ch)) {
                        invalidations.accept(message);
                    }
                }
            });
            ps.sync().subscribe(channel);
            pubSub = ps;
            connection = client.connect(); // after the subscription: no invalidation is missed once we serve
        }
        return connection;
    }

    /** Tells every node (this one included) to drop a cached entry. */
    public void invalidate(String key) {
        sync().publish(channel, key);
    }

    /** A bounded near cache whose entries live at most {@code ttl}. */
    public static <V> Cache<String, V> nearCache(long maxEntries, Duration ttl) {
        return Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    @Override
    public void close() {
        try {
            if (pubSub != null) {
                pubSub.close();
            }
            if (connection != null) {
                connection.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
