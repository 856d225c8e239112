package dev.zt.risk;

import dev.zt.spi.WindowStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Failed authentication attempts as a risk signal, for applications that check passwords or one-time codes
 * themselves (zt's own exchange and step-up verify tokens, which cannot be guessed). Counted per key — a user name, a
 * session id, a client address — in the window store, so that in a cluster every node counts together; a key with
 * {@code zt.auth-failures.max} failures within {@code zt.auth-failures.window} is locked until failures age out.
 *
 * <pre>{@code
 * FailedAttempts attempts = zt.failedAttempts();
 * String user = "login user " + name, client = "login client " + clientAddress;
 * if (attempts.locked(user, client)) { answer 429 with Retry-After: attempts.window() }
 * if (!passwordMatches) { attempts.recordFailure(user, client); answer 401 }
 * }</pre>
 *
 * <p>Store failures throw {@link TokenRejectedException} ({@code store_unavailable}): callers fail closed.
 */
public final class FailedAttempts {

    private final WindowStore windows;
    private final int max;
    private final Duration window;

    /** Counts in {@code windows}: {@code max} failures within {@code window} lock a key. */
    public FailedAttempts(WindowStore windows, int max, Duration window) {
        this.windows = Objects.requireNonNull(windows);
        this.max = max;
        this.window = Objects.requireNonNull(window);
    }

    /** True when one of the keys is locked. */
    public boolean locked(String... keys) {
        for (String k : keys) {
            if (call(() -> windows.countEvents("auth-failure " + k, window)) >= max) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a failure for each key.
     *
     * @return true when one of the keys is locked now
     */
    public boolean recordFailure(String... keys) {
        boolean locked = false;
        for (String k : keys) {
            locked |= call(() -> windows.recordEvent("auth-failure " + k, window)) >= max;
        }
        return locked;
    }

    /** Failures before a key is locked ({@code zt.auth-failures.max}). */
    public int max() {
        return max;
    }

    /** How long failures count, and so the longest a lock lasts ({@code zt.auth-failures.window}). */
    public Duration window() {
        return window;
    }

    private static int call(Supplier<Integer> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the window store could not answer ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
