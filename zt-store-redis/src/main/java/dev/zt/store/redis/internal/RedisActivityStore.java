package dev.zt.store.redis.internal;

import dev.zt.spi.store.ActivityStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes' summaries of recent decisions for the roll-out console: each node's as a plain key expiring with its time
 * to live, and per application a sorted set of its nodes scored by when their summary expires (trimmed on every
 * publication), so that the console reads the live nodes' summaries in two round trips.
 */
public final class RedisActivityStore implements ActivityStore {

    /** SET the node's summary with PX, ZADD it by its expiry, drop expired nodes: one round trip. */
    private static final String PUBLISH = "local now = tonumber(ARGV[1]) local ttl = tonumber(ARGV[4]) "
            + "redis.call('SET', KEYS[2], ARGV[3], 'PX', ttl) redis.call('ZADD', KEYS[1], now + ttl, ARGV[2]) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) redis.call('PEXPIRE', KEYS[1], ttl) return 1";
    /** At most this many nodes are read. */
    private static final int MAX_NODES = 64;

    private final Redis redis;
    private final String prefix;
    private final Clock clock;

    /** Creates the store. */
    public RedisActivityStore(Redis redis, String prefix, Clock clock) {
        this.redis = redis;
        this.prefix = prefix + "a:";
        this.clock = clock;
    }

    @Override
    public void publish(String application, String node, String summary, Duration ttl) {
        long now = clock.millis();
        redis.call(c -> c.eval(PUBLISH, ScriptOutputType.INTEGER, new String[] {prefix + application,
            prefix + application + ":" + node}, Long.toString(now), node, summary, Long.toString(ttl.toMillis())));
    }

    @Override
    public Map<String, String> summaries(String application) {
        List<String> nodes = redis.call(c -> c.zrangebyscore(prefix + application,
                Range.create((double) clock.millis(), Double.POSITIVE_INFINITY)));
        Map<String, String> out = new LinkedHashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        List<String> live = nodes.size() > MAX_NODES ? nodes.subList(0, MAX_NODES) : nodes;
        String[] keys = live.stream().map(n -> prefix + application + ":" + n).toArray(String[]::new);
        List<KeyValue<String, String>> values = redis.call(c -> c.mget(keys));
        for (int i = 0; i < values.size(); i++) {
            KeyValue<String, String> kv = values.get(i);
            if (kv.hasValue()) {
                out.put(live.get(i), kv.getValue());
            }
        }
        return out;
    }
}
