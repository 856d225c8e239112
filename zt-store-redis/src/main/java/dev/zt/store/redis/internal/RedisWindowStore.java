package dev.zt.store.redis.internal;

import dev.zt.spi.store.WindowStore;
import io.lettuce.core.ScriptOutputType;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Rate and behaviour windows in Redis, shared by every node: sorted sets of request and denial times trimmed to
 * their window (and to at most 100,000 entries) in one Lua call each — a request is recorded and its session's
 * denials counted in one call —, expiring with the window; the last two
 * countries of a session in a hash; remembered values (what a session was first seen with) as plain keys with their
 * expiry. A burst spread over several nodes is counted once.
 */
public final class RedisWindowStore implements WindowStore {

    private static final String RECORD = "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - "
            + "tonumber(ARGV[3])) redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -100001) "
            + "redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000) return redis.call('ZCARD', KEYS[1])";
    /** RECORD on the request window (KEYS[1]), then COUNT on the denial window (KEYS[2]): one round trip. */
    private static final String RECORD_AND_COUNT = "local now = tonumber(ARGV[1]) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000) redis.call('ZADD', KEYS[1], now, ARGV[2]) "
            + "redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -100001) redis.call('PEXPIRE', KEYS[1], 61000) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3])) "
            + "return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2])}";
    private static final String COUNT = "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - "
            + "tonumber(ARGV[2])) return redis.call('ZCARD', KEYS[1])";
    private static final String ALTERNATES = "local lc = redis.call('HGET', KEYS[1], 'lc') "
            + "local now = tonumber(ARGV[2]) local w = tonumber(ARGV[3]) "
            + "if lc == ARGV[1] then redis.call('HSET', KEYS[1], 'lt', now) redis.call('PEXPIRE', KEYS[1], w) "
            + "return 0 end "
            + "local lt = tonumber(redis.call('HGET', KEYS[1], 'lt') or '0') "
            + "local pc = redis.call('HGET', KEYS[1], 'pc') "
            + "local pt = tonumber(redis.call('HGET', KEYS[1], 'pt') or '0') "
            + "local flip = 0 if lc and pc == ARGV[1] and now - pt <= w and now - lt <= w then flip = 1 end "
            + "if lc then redis.call('HSET', KEYS[1], 'pc', lc, 'pt', lt) end "
            + "redis.call('HSET', KEYS[1], 'lc', ARGV[1], 'lt', now) redis.call('PEXPIRE', KEYS[1], w) return flip";

    /** GET, or SET with PX when there is none (or ARGV[2] is 1: replace): one round trip. */
    private static final String REMEMBER = "if ARGV[2] ~= '1' then local v = redis.call('GET', KEYS[1]) "
            + "if v then return v end end redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[3])) return ARGV[1]";

    private final Redis redis;
    private final String prefix;
    private final Clock clock;
    private final long denialWindowMillis;
    private final SecureRandom random = new SecureRandom();

    /** Creates the store. */
    public RedisWindowStore(Redis redis, String prefix, Clock clock, Duration denialWindow) {
        this.redis = redis;
        this.prefix = prefix + "w:";
        this.clock = clock;
        this.denialWindowMillis = denialWindow.toMillis();
    }

    private String member(long now) {
        return now + ":" + Long.toHexString(random.nextLong());
    }

    @Override
    public int recordRequest(String key) {
        long now = clock.millis();
        Long n = redis.call(c -> c.eval(RECORD, ScriptOutputType.INTEGER, new String[] {prefix + "r:" + key},
                Long.toString(now), member(now), "60000"));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public RequestCounts recordRequestAndCountDenials(String key) {
        long now = clock.millis();
        List<Long> n = redis.call(c -> c.eval(RECORD_AND_COUNT, ScriptOutputType.MULTI, new String[] {prefix + "r:"
                + key, prefix + "d:" + key}, Long.toString(now), member(now), Long.toString(denialWindowMillis)));
        return new RequestCounts(n == null || n.isEmpty() ? 0 : n.get(0).intValue(), n == null || n.size() < 2 ? 0
                : n.get(1).intValue());
    }

    @Override
    public void recordDenial(String key) {
        long now = clock.millis();
        redis.call(c -> c.eval(RECORD, ScriptOutputType.INTEGER, new String[] {prefix + "d:" + key}, Long.toString(now),
                member(now), Long.toString(denialWindowMillis)));
    }

    @Override
    public int recentDenials(String key) {
        Long n = redis.call(c -> c.eval(COUNT, ScriptOutputType.INTEGER, new String[] {prefix + "d:" + key},
                Long.toString(clock.millis()), Long.toString(denialWindowMillis)));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public int recordEvent(String key, Duration window) {
        long now = clock.millis();
        Long n = redis.call(c -> c.eval(RECORD, ScriptOutputType.INTEGER, new String[] {prefix + "e:" + key},
                Long.toString(now), member(now), Long.toString(Math.max(1, window.toMillis()))));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public String remember(String key, String value, boolean replace, Duration ttl) {
        String v = redis.call(c -> c.eval(REMEMBER, ScriptOutputType.VALUE, new String[] {prefix + "m:" + key}, value,
                replace ? "1" : "0", Long.toString(Math.max(1000, ttl.toMillis()))));
        return v == null ? value : v;
    }

    @Override
    public int countEvents(String key, Duration window) {
        Long n = redis.call(c -> c.eval(COUNT, ScriptOutputType.INTEGER, new String[] {prefix + "e:" + key},
                Long.toString(clock.millis()), Long.toString(Math.max(1, window.toMillis()))));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public boolean alternates(String key, String country, Duration window) {
        Long flip = redis.call(c -> c.eval(ALTERNATES, ScriptOutputType.INTEGER, new String[] {prefix + "c:" + key},
                country, Long.toString(clock.millis()), Long.toString(Math.max(1000, window.toMillis()))));
        return flip != null && flip == 1L;
    }
}
