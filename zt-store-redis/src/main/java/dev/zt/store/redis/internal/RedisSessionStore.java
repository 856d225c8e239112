package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.SessionSettings;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sessions in Redis: one hash per session ({@code v} = version, {@code r} = the record as JSON) with a TTL at the
 * session's end; creation and compare-and-set updates in Lua, so a rotation or revocation is atomic across nodes. A
 * bounded near cache serves hot reads and is invalidated through pub/sub (and expires within a second regardless); an
 * update publishes its invalidation from its own script, so a touch or rotation costs one round trip.
 */
public final class RedisSessionStore implements SessionStore {

    private static final String CREATE = "if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end "
            + "redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', ARGV[2]) "
            + "redis.call('PEXPIREAT', KEYS[1], ARGV[3]) "
            + "redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) "
            + "local pt = redis.call('PTTL', KEYS[2]) "
            + "if pt < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end return 1";
    /** The subject's session ids, oldest first, after dropping those whose session Redis no longer holds. */
    private static final String OF_SUBJECT = "local ids = redis.call('ZRANGE', KEYS[1], 0, -1) local out = {} "
            + "for _, id in ipairs(ids) do if redis.call('EXISTS', ARGV[1] .. id) == 1 then out[#out + 1] = id "
            + "else redis.call('ZREM', KEYS[1], id) end end return out";
    private static final String REPLACE = "local v = redis.call('HGET', KEYS[1], 'v') "
            + "if (not v) or tonumber(v) ~= tonumber(ARGV[1]) then return 0 end "
            + "redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', ARGV[3]) "
            + "redis.call('PEXPIREAT', KEYS[1], ARGV[4]) redis.call('PUBLISH', ARGV[5], ARGV[6]) return 1";

    private final Redis redis;
    private final String prefix;
    private final SessionSettings settings;
    private final Cache<String, SessionRecord> near;

    /** Creates the store. */
    public RedisSessionStore(Redis redis, String prefix, SessionSettings settings, Cache<String, SessionRecord> near) {
        this.redis = redis;
        this.prefix = prefix + "s:";
        this.settings = settings;
        this.near = near;
    }

    /** Drops a cached session (pub/sub invalidation). */
    public void invalidate(String sessionId) {
        near.invalidate(sessionId);
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        SessionRecord cached = near.getIfPresent(sessionId);
        if (cached != null) {
            return Optional.of(cached);
        }
        String json = redis.call(c -> c.hget(prefix + sessionId, "r"));
        if (json == null) {
            return Optional.empty();
        }
        SessionRecord r = Codec.session(json);
        near.put(sessionId, r);
        return Optional.of(r);
    }

    @Override
    public void create(SessionRecord record) {
        Long ok = redis.call(c -> c.eval(CREATE, ScriptOutputType.INTEGER, new String[] {prefix + record.id(),
            subjectKey(record.session().subject())}, Long.toString(record.version()), Codec.session(record),
                Long.toString(end(record)), Long.toString(record.session().createdAt().toEpochMilli()), record.id(),
                Long.toString(settings.maxLifetime().plusMinutes(1).toMillis())));
        if (ok == null || ok != 1L) {
            throw new IllegalStateException("session id collision");
        }
    }

    @Override
    public boolean replace(SessionRecord expected, SessionRecord updated) {
        Long ok = redis.call(c -> c.eval(REPLACE, ScriptOutputType.INTEGER, new String[] {prefix + expected.id()},
                Long.toString(expected.version()), Long.toString(updated.version()), Codec.session(updated),
                Long.toString(end(updated)), redis.invalidationChannel(), "s " + expected.id()));
        if (ok != null && ok == 1L) {
            // the script told the other nodes to drop their copy (in the same round trip); so do we, then cache the
            // new one
            near.put(updated.id(), updated);
            return true;
        }
        near.invalidate(expected.id()); // our copy was stale: the next find reads Redis
        return false;
    }

    @Override
    public List<String> sessionsOf(String subject) {
        List<String> ids = redis.call(c -> c.eval(OF_SUBJECT, ScriptOutputType.MULTI,
                new String[] {subjectKey(subject)}, prefix));
        return ids == null ? List.of() : List.copyOf(ids);
    }

    private String subjectKey(String subject) {
        return prefix + "u:" + subject;
    }

    /** Kept past the limits (twice the idle limit, or the absolute limit, plus a minute), like the in-memory store. */
    private long end(SessionRecord r) {
        Instant idleEnd = r.session().lastSeenAt().plus(settings.idleTimeout().multipliedBy(2));
        Instant absoluteEnd = r.session().createdAt().plus(settings.maxLifetime());
        Instant end = idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
        return end.plus(Duration.ofMinutes(1)).toEpochMilli();
    }
}
