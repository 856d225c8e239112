package dev.zt.store.redis.internal;

import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.risk.SubjectProfile;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Subject profiles in Redis (JSON, kept 30 days after the last change), updated with an optimistic compare-and-set
 * in Lua. Failures propagate: the profile-based risk checks then fail, which denies unless they are listed in
 * {@code zt.risk.advisory} — the explicit choice for this advisory data. After Redis lost its data, a missing profile
 * is {@link SubjectProfile#unknown()}: the subject's next contact steps up rather than teaches.
 */
public final class RedisProfileStore implements ProfileStore {

    private static final Duration KEEP = Duration.ofDays(30);
    private static final String CAS = "local cur = redis.call('GET', KEYS[1]) "
            + "if (cur or '') ~= ARGV[1] then return 0 end "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1";

    private final Redis redis;
    private final String prefix;

    /** Creates the store. */
    public RedisProfileStore(Redis redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "p:";
    }

    @Override
    public SubjectProfile get(String subjectKey) {
        return profile(redis.call(c -> c.get(prefix + subjectKey)));
    }

    /** A missing profile is a subject never seen, or, after Redis lost its data, one whose history is unknown. */
    private SubjectProfile profile(String json) {
        return json == null && redis.lostAt().isPresent() ? SubjectProfile.unknown() : Codec.profile(json);
    }

    @Override
    public void update(String subjectKey, UnaryOperator<SubjectProfile> update) {
        String key = prefix + subjectKey;
        for (int attempt = 0; attempt < 16; attempt++) {
            String current = redis.call(c -> c.get(key));
            String next = Codec.profile(update.apply(profile(current)));
            if (next.equals(current)) {
                return;
            }
            Long ok = redis.call(c -> c.eval(CAS, ScriptOutputType.INTEGER, new String[] {key},
                    current == null ? "" : current, next, Long.toString(KEEP.toMillis())));
            if (ok != null && ok == 1L) {
                return;
            }
        }
        throw new IllegalStateException("profile " + subjectKey + " kept changing");
    }
}
