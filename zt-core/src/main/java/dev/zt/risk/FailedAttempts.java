package dev.zt.risk;

import dev.zt.spi.store.WindowStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Failed authentication attempts as a risk signal, for applications that check passwords or one-time codes
 * themselves (zt's own exchange and step-up verify tokens, which cannot be guessed). Counted per key — a user name, a
 * session id, a client address — in the window store, so that in a cluster every node counts together; a key with
 * {@code zt.auth-failures.max} failures within {@code zt.auth-failures.window} is locked until failures age out. A client
 * address is locked after {@code zt.auth-failures.max-per-client} failures, across every account it tries (many users
 * share one address behind a NAT, so its threshold is higher). Keys of unknown users count like any other: the answer
 * never tells whether an account exists.
 *
 * <pre>{@code
 * FailedAttempts attempts = zt.failedAttempts();
 * String client = request.getAttribute(ZeroTrustFilter.CLIENT_ADDRESS_ATTRIBUTE), account = "login " + name;
 * if (attempts.locked(client, account)) { answer 429 with Retry-After: attempts.window() }
 * if (!passwordMatches) { attempts.recordFailure(client, account); answer 401 }
 * }</pre>
 *
 * <p>Store failures throw {@link TokenRejectedException} ({@code store_unavailable}): callers fail closed.
 */
public final class FailedAttempts {

    private final WindowStore windows;
    private final int max;
    private final int maxPerClient;
    private final Duration window;

    /** Counts in {@code windows}: {@code max} failures of an account, {@code maxPerClient} of a client, lock it. */
    public FailedAttempts(WindowStore windows, int max, int maxPerClient, Duration window) {
        this.windows = Objects.requireNonNull(windows);
        this.max = max;
        this.maxPerClient = maxPerClient;
        this.window = Objects.requireNonNull(window);
    }

    /**
     * True when the client address ({@code null}: not counted) or one of the accounts (a user name, a session id) is
     * locked.
     */
    public boolean locked(String client, String... accounts) {
        if (client != null && count("client " + client) >= maxPerClient) {
            return true;
        }
        for (String a : accounts) {
            if (count("account " + a) >= max) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a failure of the client and of each account.
     *
     * @return true when the client or one of the accounts is locked now
     */
    public boolean recordFailure(String client, String... accounts) {
        boolean locked = client != null && record("client " + client) >= maxPerClient;
        for (String a : accounts) {
            locked |= record("account " + a) >= max;
        }
        return locked;
    }

    private int count(String key) {
        return call(() -> windows.countEvents("auth-failure " + key, window));
    }

    private int record(String key) {
        return call(() -> windows.recordEvent("auth-failure " + key, window));
    }

    /** Failures before an account is locked ({@code zt.auth-failures.max}). */
    public int max() {
        return max;
    }

    /** Failures before a client address is locked ({@code zt.auth-failures.max-per-client}). */
    public int maxPerClient() {
        return maxPerClient;
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
