package dev.zt.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zt.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** zt's caches keep themselves on the calling thread and within their bound, on the injected clock. */
class CachesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    /** The threads an eviction ran on, after 10,000 writes and reads of a cache bounded at 100. */
    private static Set<Thread> evictingThreads(Caffeine<Object, Object> builder) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Cache<String, String> cache = builder.<String, String>evictionListener(
                (k, v, cause) -> threads.add(Thread.currentThread())).build();
        for (int i = 0; i < 10_000; i++) {
            cache.put("k" + i, "v");
            cache.getIfPresent("k" + (i / 2));
        }
        assertThat(cache.estimatedSize()).as("within its bound after every write, nothing left for later")
                .isLessThanOrEqualTo(100);
        return threads;
    }

    @Test
    void boundedCacheEvictsOnTheCallingThreadNeverOnTheCommonPool() {
        assertThat(evictingThreads(Caches.bounded(100))).containsExactly(Thread.currentThread());
    }

    @Test
    void clockedCacheEvictsOnTheCallingThreadAndExpiresOnTheInjectedClock() {
        assertThat(evictingThreads(Caches.builder(clock, 100))).containsExactly(Thread.currentThread());
        Cache<String, String> timed = Caches.builder(clock, 100).expireAfterWrite(Duration.ofMinutes(1)).build();
        timed.put("a", "1");
        clock.advance(Duration.ofSeconds(59));
        assertThat(timed.getIfPresent("a")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(timed.getIfPresent("a")).as("expired by the injected clock, not the wall clock").isNull();
    }
}
