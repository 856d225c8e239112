package dev.zt.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.token.VerifiedToken;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Revocations in Redis, each key expiring when it stops mattering. One round trip per check ({@code MGET} of the
 * token, session and subject keys); answers are near-cached for at most half a second and dropped at once when any
 * node revokes (pub/sub), so a revocation holds on every node within a second.
 */
public final class RedisRevocationStore implements RevocationStore {

    private static final String NONE = "";

    private final Redis redis;
    private final String prefix;
    private final Clock clock;
    private final Duration subjectRetention;
    private final Cache<String, String> near;

    /** Creates the store. */
    public RedisRevocationStore(Redis redis, String prefix, Clock clock, Duration subjectRetention,
            Cache<String, String> near) {
        this.redis = redis;
        this.prefix = prefix + "r:";
        this.clock = clock;
        this.subjectRetention = subjectRetention;
        this.near = near;
    }

    /** Drops cached answers (pub/sub invalidation). */
    public void invalidateAll() {
        near.invalidateAll();
    }

    private String jti(String iss, String id) {
        return prefix + "j:" + iss + '\u0000' + id;
    }

    private String sid(String iss, String id) {
        return prefix + "s:" + iss + '\u0000' + id;
    }

    private String sub(String iss, String id) {
        return prefix + "u:" + iss + '\u0000' + id;
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        String iss = token.issuer();
        String[] keys = {token.tokenId().map(j -> jti(iss, j)).orElse(null),
            token.sessionId().map(s -> sid(iss, s)).orElse(null), token.subject().map(s -> sub(iss, s)).orElse(null)};
        String cacheKey = String.join("|", String.valueOf(keys[0]), String.valueOf(keys[1]), String.valueOf(keys[2]));
        String cached = near.getIfPresent(cacheKey);
        String[] values;
        if (cached != null) {
            values = cached.split("\\|", -1);
        } else {
            List<KeyValue<String, String>> got = redis.sync().mget(nonNull(keys));
            values = new String[3];
            int i = 0;
            for (int k = 0; k < 3; k++) {
                values[k] = keys[k] == null ? NONE : got.get(i++).getValueOrElse(NONE);
            }
            near.put(cacheKey, String.join("|", values));
        }
        if (!values[0].isEmpty() || !values[1].isEmpty()) {
            return true;
        }
        if (!values[2].isEmpty()) {
            Instant notBefore = Instant.ofEpochMilli(Long.parseLong(values[2]));
            return token.issuedAt().map(iat -> iat.isBefore(notBefore)).orElse(true);
        }
        return false;
    }

    private static String[] nonNull(String[] keys) {
        return java.util.Arrays.stream(keys).filter(k -> k != null).toArray(String[]::new);
    }

    @Override
    public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
        put(jti(issuer, tokenId), "1", expiresAt);
    }

    @Override
    public void revokeSession(String issuer, String sessionId, Instant retainUntil) {
        put(sid(issuer, sessionId), "1", retainUntil);
    }

    @Override
    public void revokeSubject(String issuer, String subject, Instant notBefore) {
        String key = sub(issuer, subject);
        String current = redis.sync().get(key);
        if (current != null && Long.parseLong(current) >= notBefore.toEpochMilli()) {
            return;
        }
        put(key, Long.toString(notBefore.toEpochMilli()), notBefore.plus(subjectRetention));
    }

    private void put(String key, String value, Instant until) {
        if (!until.isAfter(clock.instant())) {
            return;
        }
        redis.sync().set(key, value, SetArgs.Builder.pxAt(until.toEpochMilli()));
        redis.invalidate("r");
    }
}
