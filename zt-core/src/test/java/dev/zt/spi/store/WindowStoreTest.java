package dev.zt.spi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPI's default for the per-request counts, for stores written before it: the two calls, in order. */
class WindowStoreTest {

    /** A store implementing only the abstract methods, recording what it is asked. */
    private static final class Recording implements WindowStore {
        final List<String> calls = new ArrayList<>();

        @Override
        public int recordRequest(String key) {
            calls.add("request " + key);
            return 7;
        }

        @Override
        public void recordDenial(String key) {
            calls.add("denial " + key);
        }

        @Override
        public int recentDenials(String key) {
            calls.add("denials " + key);
            return 2;
        }

        @Override
        public boolean alternates(String key, String country, Duration window) {
            return false;
        }

        @Override
        public int recordEvent(String key, Duration window) {
            return 0;
        }

        @Override
        public int countEvents(String key, Duration window) {
            return 0;
        }
    }

    @Test
    void defaultRecordsTheRequestThenCountsDenialsOfTheSameKey() {
        Recording store = new Recording();
        WindowStore.RequestCounts counts = store.recordRequestAndCountDenials("s 1");
        assertThat(store.calls).containsExactly("request s 1", "denials s 1");
        assertThat(counts.requestsLastMinute()).isEqualTo(7);
        assertThat(counts.recentDenials()).isEqualTo(2);
    }

    @Test
    void countsAreNeverNegative() {
        assertThatThrownBy(() -> new WindowStore.RequestCounts(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowStore.RequestCounts(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
