package dev.zt.store.redis.internal;

import dev.zt.spi.store.WindowStore;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Rate and behaviour windows in Redis, shared by every node. A window is a hash of counted steps, as in the in-memory
 * store: each field is a step of 1/60 of the window (a second of the request minute) and holds the number of times
 * counted in it and the newest. One Lua call records a time and answers the count (a request is recorded and its
 * session's denials counted in one call); it drops the steps whose newest time left the window and sums the rest. A
 * count therefore never falls short of the window and exceeds it by at most the step its edge cuts. A window holds at
 * most 61 steps from one clock, and never more than 127 (clocks that disagree add steps: once full, the oldest step
 * is merged into the next, whose newest time is no older, so that no time leaves the window early), whatever the rate,
 * and its running total: a few kilobytes of Redis per busy session, not a sorted-set member per request, and a
 * request reads every step only when one may have left the window (about once a second). At most 100,000 times are counted
 * (the in-memory store's bound). Windows expire with their last step. The last two countries of a session are a hash;
 * remembered values (what a session was first seen with) plain keys with their expiry. A burst spread over several
 * nodes is counted once.
 */
public final class RedisWindowStore implements WindowStore {

    /**
     * A step is a field named by the step's end (epoch ms, exclusive) whose value is {@code newest:count}; field
     * {@code s} keeps the window's running total, {@code lo:sum:n} (no newest time is older than {@code lo}; the sum
     * and the number of steps), so that a request whose window lost no step reads three fields, not every step.
     * sweep(key, cutoff, full) drops the steps whose newest time is before {@code cutoff} (reading every step only when
     * the total says one may leave, or when {@code full}) and answers the sum of the rest, their number, {@code lo},
     * and the ends of the two oldest (when it read them); add(key, now, window) records {@code now} (unless 100,000 are
     * counted) and answers the count. A window without its total (written by hand, or by nothing) is read in full.
     */
    private static final String STEPS = "local function parse(v) local t, c = string.match(v, '^(%d+):(%d+)$') "
            + "return tonumber(t), tonumber(c) end "
            + "local function put(k, f, t, c) redis.call('HSET', k, f, string.format('%d:%d', t, c)) end "
            + "local function total(k, lo, sum, n) if n > 0 then "
            + "redis.call('HSET', k, 's', string.format('%d:%d:%d', lo, sum, n)) else redis.call('HDEL', k, 's') end end "
            + "local function sweep(k, cutoff, full) if not full then local m = redis.call('HGET', k, 's') if m then "
            + "local lo, sum, n = string.match(m, '^(%d+):(%d+):(%d+)$') lo, sum, n = tonumber(lo), tonumber(sum), "
            + "tonumber(n) if lo >= cutoff then return sum, n, lo, nil, nil end end end "
            + "local all = redis.call('HGETALL', k) local sum, n, lo, o1, o2 = 0, 0, nil, nil, nil "
            + "for i = 1, #all, 2 do if all[i] ~= 's' then local t, c = parse(all[i + 1]) "
            + "if t < cutoff then redis.call('HDEL', k, all[i]) else local e = tonumber(all[i]) sum = sum + c n = n + 1 "
            + "if lo == nil or t < lo then lo = t end "
            + "if o1 == nil or e < o1 then o2 = o1 o1 = e elseif o2 == nil or e < o2 then o2 = e end end end end "
            + "total(k, lo or 0, sum, n) return sum, n, lo, o1, o2 end "
            + "local function add(k, now, window) local step = math.max(1, math.floor(window / 60)) "
            + "local sum, n, lo, o1, o2 = sweep(k, now - window, false) "
            + "if sum >= 100000 then redis.call('PEXPIRE', k, window + step + 1000) return sum end "
            + "local e = string.format('%d', (math.floor(now / step) + 1) * step) "
            + "local cur = redis.call('HGET', k, e) "
            + "if not cur and n >= 127 and o1 == nil then sum, n, lo, o1, o2 = sweep(k, now - window, true) end "
            + "if not cur and n >= 127 then local f1, f2 = string.format('%d', o1), string.format('%d', o2) "
            + "local t1, c1 = parse(redis.call('HGET', k, f1)) local t2, c2 = parse(redis.call('HGET', k, f2)) "
            + "redis.call('HDEL', k, f1) put(k, f2, math.max(t1, t2), c1 + c2) n = n - 1 end "
            + "if cur then local t, c = parse(cur) put(k, e, math.max(t, now), c + 1) else put(k, e, now, 1) n = n + 1 end "
            + "total(k, math.min(lo or now, now), sum + 1, n) "
            + "redis.call('PEXPIRE', k, window + step + 1000) return sum + 1 end ";
    private static final Script RECORD = new Script(STEPS
            + "return add(KEYS[1], tonumber(ARGV[1]), math.max(1, tonumber(ARGV[2])))");
    /** RECORD on the request window (KEYS[1]), then COUNT on the denial window (KEYS[2]): one round trip. */
    private static final Script RECORD_AND_COUNT = new Script(STEPS + "local now = tonumber(ARGV[1]) "
            + "local requests = add(KEYS[1], now, 60000) local denials = sweep(KEYS[2], now - tonumber(ARGV[2]), false) "
            + "return {requests, denials}");
    private static final Script COUNT = new Script(STEPS
            + "local sum = sweep(KEYS[1], tonumber(ARGV[1]) - tonumber(ARGV[2]), false) return sum");
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
    /**
     * The windows' keys: not those of the sorted sets before them ({@code w:r:}, {@code w:d:}, {@code w:e:}), which
     * a node of an earlier version may still write during a rolling upgrade and which expire within their window.
     */
    private final String steps;

    /** Creates the store. */
    public RedisWindowStore(Redis redis, String prefix, Clock clock, Duration denialWindow) {
        this.redis = redis;
        this.prefix = prefix + "w:";
        this.steps = prefix + "ws:";
        this.clock = clock;
        this.denialWindowMillis = denialWindow.toMillis();
    }

    @Override
    public int recordRequest(String key) {
        long now = clock.millis();
        Long n = RECORD.run(redis, ScriptOutputType.INTEGER, new String[] {steps + "r:" + key},
                Long.toString(now), "60000");
        return n == null ? 0 : n.intValue();
    }

    @Override
    public RequestCounts recordRequestAndCountDenials(String key) {
        long now = clock.millis();
        List<Long> n = RECORD_AND_COUNT.run(redis, ScriptOutputType.MULTI, new String[] {steps + "r:"
                + key, steps + "d:" + key}, Long.toString(now), Long.toString(denialWindowMillis));
        return new RequestCounts(n == null || n.isEmpty() ? 0 : n.get(0).intValue(), n == null || n.size() < 2 ? 0
                : n.get(1).intValue());
    }

    @Override
    public void recordDenial(String key) {
        long now = clock.millis();
        RECORD.run(redis, ScriptOutputType.INTEGER, new String[] {steps + "d:" + key}, Long.toString(now),
                Long.toString(denialWindowMillis));
    }

    @Override
    public int recentDenials(String key) {
        Long n = COUNT.run(redis, ScriptOutputType.INTEGER, new String[] {steps + "d:" + key},
                Long.toString(clock.millis()), Long.toString(denialWindowMillis));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public int recordEvent(String key, Duration window) {
        long now = clock.millis();
        Long n = RECORD.run(redis, ScriptOutputType.INTEGER, new String[] {steps + "e:" + key},
                Long.toString(now), Long.toString(Math.max(1, window.toMillis())));
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
        Long n = COUNT.run(redis, ScriptOutputType.INTEGER, new String[] {steps + "e:" + key},
                Long.toString(clock.millis()), Long.toString(Math.max(1, window.toMillis())));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public boolean alternates(String key, String country, Duration window) {
        Long flip = redis.call(c -> c.eval(ALTERNATES, ScriptOutputType.INTEGER, new String[] {prefix + "c:" + key},
                country, Long.toString(clock.millis()), Long.toString(Math.max(1000, window.toMillis()))));
        return flip != null && flip == 1L;
    }
}
