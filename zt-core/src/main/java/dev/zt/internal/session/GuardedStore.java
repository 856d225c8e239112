package dev.zt.internal.session;

import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The session store as the manager uses it: a failing store becomes {@code store_unavailable} (fail closed), and
 * compare-and-set updates are retried a bounded number of times.
 */
final class GuardedStore {

    private static final int MAX_ATTEMPTS = 16;

    private final SessionStore store;

    GuardedStore(SessionStore store) {
        this.store = store;
    }

    Optional<SessionRecord> find(String sessionId) {
        return call(() -> store.find(sessionId));
    }

    void create(SessionRecord record) {
        call(() -> {
            store.create(record);
            return null;
        });
    }

    /** Atomically replaces {@code expected} by {@code updated}; false when another update came first. */
    boolean replace(SessionRecord expected, SessionRecord updated) {
        return call(() -> store.replace(expected, updated));
    }

    List<String> sessionsOf(String subject) {
        return call(() -> store.sessionsOf(subject));
    }

    /**
     * Runs {@code attempt} until it yields a value; an attempt yields nothing when a concurrent update won the race.
     * Gives up with {@code store_unavailable} after {@value #MAX_ATTEMPTS} attempts.
     */
    static <T> T retry(Supplier<Optional<T>> attempt) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Optional<T> result = attempt.get();
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "session state kept changing");
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (TokenRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the session store could not answer"
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
