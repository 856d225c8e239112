package dev.zt.spi.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.revocation.InMemoryReplayCache;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreSetTest {

    @Test
    void unsetStoresAreEmptySoThatZtKeepsItsDefaultsAndCloseRunsTheReleaseAction() {
        AtomicInteger closed = new AtomicInteger();
        ReplayCache replays = new InMemoryReplayCache(Clock.systemUTC(), 10);
        StoreSet set = StoreSet.builder().replays(replays).onClose(closed::incrementAndGet).build();
        assertThat(set.sessions()).isEmpty();
        assertThat(set.revocations()).isEmpty();
        assertThat(set.profiles()).isEmpty();
        assertThat(set.windows()).isEmpty();
        assertThat(set.replays()).containsSame(replays);
        set.close();
        assertThat(closed).hasValue(1);
        StoreSet.builder().build().close(); // nothing to release
    }
}
