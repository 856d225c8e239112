package dev.zt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The guard of a store backend: one answer for failures, one count per outage, no waiting on a backend that is down. */
class StoreGuardTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<String> outages = new ArrayList<>();
    private final StoreGuard guard = new StoreGuard("redis", Duration.ofMillis(500), outages::add, nanos::get);
    private final AtomicInteger calls = new AtomicInteger();

    private String ok() {
        calls.incrementAndGet();
        return "ok";
    }

    private String broken() {
        calls.incrementAndGet();
        throw new IllegalStateException("connection refused");
    }

    private RejectionReason reasonOf(Runnable r) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, r::run);
        return e == null ? null : e.reason();
    }

    @Test
    void aFailureIsStoreUnavailableWithoutTheBackendsMessageInTheDescription() {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> guard.call("read", this::broken));
        assertThat(e.reason()).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(e.description()).doesNotContain("connection refused");
    }

    @Test
    void aSingleFailureBetweenSuccessesFailsOnlyItsOwnCall() {
        for (int i = 0; i < 5; i++) {
            assertThat(reasonOf(() -> guard.call("read", this::broken))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            assertThat(guard.call("read", this::ok)).isEqualTo("ok");
        }
        assertThat(guard.isDown()).isFalse();
        assertThat(calls.get()).isEqualTo(10);
        assertThat(outages).as("a partial failure is logged and counted once a minute, not per call").hasSize(1);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        reasonOf(() -> guard.call("read", this::broken));
        assertThat(outages).hasSize(2);
    }

    @Test
    void twoFailuresInARowMakeTheBackendDownUntilAProbeSucceedsAndCountOneOutage() {
        guard.call("read", this::ok);
        assertThat(reasonOf(() -> guard.call("read", this::broken))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(reasonOf(() -> guard.call("read", this::broken))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(guard.isDown()).isTrue();
        int before = calls.get();
        for (int i = 0; i < 50; i++) { // refused at once: the backend is not asked
            assertThat(reasonOf(() -> guard.call("read", this::ok))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        }
        assertThat(calls.get()).isEqualTo(before);
        nanos.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(reasonOf(() -> guard.call("read", this::ok))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        nanos.addAndGet(Duration.ofMillis(1).toNanos()); // the probe interval is over: one call goes through
        assertThat(guard.call("read", this::ok)).isEqualTo("ok");
        assertThat(guard.isDown()).isFalse();
        assertThat(outages).containsExactly("redis");
    }

    @Test
    void aFailedProbeKeepsTheBackendDownForAnotherInterval() {
        guard.call("read", this::ok);
        reasonOf(() -> guard.call("read", this::broken));
        reasonOf(() -> guard.call("read", this::broken));
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(reasonOf(() -> guard.call("read", this::broken))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        int before = calls.get();
        assertThat(reasonOf(() -> guard.call("read", this::ok))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(calls.get()).isEqualTo(before);
        assertThat(outages).hasSize(1);
    }

    @Test
    void aRejectionTheStoreDecidedPassesThroughUnchanged() {
        TokenRejectedException decided = new TokenRejectedException(RejectionReason.TOKEN_REVOKED, "revoked");
        assertThat(catchThrowableOfType(TokenRejectedException.class, () -> guard.call("read", () -> {
            throw decided;
        }))).isSameAs(decided);
        assertThat(guard.isDown()).isFalse();
    }
}
