package dev.zt.spi.store;

import java.time.Instant;

/**
 * Remembers values that may be used once (a back-channel logout token's {@code jti}, a TOTP code, a proof's
 * {@code jti}) until they expire. The default is in-process and bounded by {@code zt.replay.max-entries}; several nodes
 * share one cache (e.g. Redis) so that a value used on one node is refused on every other.
 *
 * <p>Security: the answer must be atomic (two concurrent first uses: exactly one wins), and a cache that cannot answer
 * or is full must throw, never report a first use it cannot remember (zt then refuses, fail closed).
 */
public interface ReplayCache {

    /**
     * Records a use of {@code key}, remembered until {@code expiresAt}.
     *
     * @return true for the first use, false when the key was used before and has not expired
     * @throws RuntimeException when the cache cannot answer or is full
     */
    boolean firstUse(String key, Instant expiresAt);
}
