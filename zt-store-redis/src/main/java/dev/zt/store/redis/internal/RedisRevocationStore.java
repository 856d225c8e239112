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
import java.util.Optional;

/**
 * Revocations in Redis, each key expiring when it stops mattering. One round trip per check ({@code MGET} of the
 * token, session and subject keys); answers are near-cached for at most half a second and dropped at once when any
 * node revokes (pub/sub), so a revocation holds on every node within a second. After Redis lost its data, every
 * token issued before the loss counts as revoked until the subject-revocation retention has passed.
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
        Optional<Instant> lost = redis.lostAt();
        if (lost.isPresent() && token.issuedAt().map(iat -> iat.isBefore(lost.get())).orElse(true)) {
            return true; // Redis lost its data: any token issued before may have been revoked, and nothing says not
        }
        String iss = token.issuer();
        // the e-mail subject (RevocationStore.emailSubject) is the fourth key, in the same round trip
        String[] keys = {token.tokenId().map(j -> jti(iss, j)).orElse(null),
            token.sessionId().map(s -> sid(iss, s)).orElse(null), token.subject().map(s -> sub(iss, s)).orElse(null),
            RevocationStore.emailSubject(token).map(e -> sub(iss, e)).orElse(null)};
        String cacheKey = String.join("|", String.valueOf(keys[0]), String.valueOf(keys[1]), String.valueOf(keys[2]),
                String.valueOf(keys[3]));
        String cached = near.getIfPresent(cacheKey);
        String[] values;
        if (cached != null) {
            values = cached.split("\\|", -1);
        } else {
            // the epoch comes in the same round trip: a Redis that lost its data is noticed by the very next check
            List<KeyValue<String, String>> got = redis.call(c -> c.mget(withEpoch(keys)));
            if (!redis.sameEpoch(got.get(0).getValueOrElse(null))) {
                return true; // lost since the last check: whatever was revoked is gone, so everything may be
            }
            values = new String[keys.length];
            int i = 1;
            for (int k = 0; k < keys.length; k++) {
                values[k] = keys[k] == null ? NONE : got.get(i++).getValueOrElse(NONE);
            }
            near.put(cacheKey, String.join("|", values));
        }
        if (!values[0].isEmpty() || !values[1].isEmpty()) {
            return true;
        }
        return cutOff(token, values[2]) || cutOff(token, values[3]);
    }

    /** True when a subject's cut-off (epoch milliseconds, or empty for none) applies to the token. */
    private static boolean cutOff(VerifiedToken token, String value) {
        if (value.isEmpty()) {
            return false;
        }
        Instant notBefore = Instant.ofEpochMilli(Long.parseLong(value));
        return token.issuedAt().map(iat -> iat.isBefore(notBefore)).orElse(true);
    }

    private String[] withEpoch(String[] keys) {
        List<String> out = new java.util.ArrayList<>(5);
        out.add(redis.epochKey());
        for (String k : keys) {
            if (k != null) {
                out.add(k);
            }
        }
        return out.toArray(new String[0]);
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
        String current = redis.call(c -> c.get(key));
        if (current != null && Long.parseLong(current) >= notBefore.toEpochMilli()) {
            return;
        }
        put(key, Long.toString(notBefore.toEpochMilli()), notBefore.plus(subjectRetention));
    }

    private void put(String key, String value, Instant until) {
        if (!until.isAfter(clock.instant())) {
            return;
        }
        redis.call(c -> c.set(key, value, SetArgs.Builder.pxAt(until.toEpochMilli())));
        redis.invalidate("r");
    }
}
