package dev.zt.spi.store;

import java.util.Optional;

/**
 * Where zt keeps session state. The default is a bounded in-process Caffeine store, right for one node; several
 * nodes share one store (e.g. Redis) so that a rotation or revocation on one node holds on all of them at once.
 *
 * <p>Security: a store that cannot answer must throw (zt then answers {@code 503 store_unavailable}); it must never
 * report a session as present and current when it does not know. Updates must be atomic: {@link #replace} succeeds
 * only when the stored version equals the expected record's version.
 */
public interface SessionStore {

    /** The session, if the store knows it. */
    Optional<SessionRecord> find(String sessionId);

    /**
     * Stores a new session.
     *
     * @throws IllegalStateException when the store is full or the id exists
     */
    void create(SessionRecord record);

    /** Atomically replaces {@code expected} with {@code updated}; false when the stored version has moved on. */
    boolean replace(SessionRecord expected, SessionRecord updated);

    /**
     * The ids of the subject's sessions the store still knows, oldest first (for {@code zt.session.max-per-subject}:
     * zt ends the oldest when a subject holds too many). May include sessions that have expired or were revoked but
     * are not forgotten yet; must include every live one.
     */
    java.util.List<String> sessionsOf(String subject);
}
