package dev.zt.internal.risk;

import dev.zt.spi.risk.SubjectProfile;
import dev.zt.spi.store.ProfileStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The profile store the built-in checks learn through: while the engine evaluates a request on a thread
 * ({@link #collect}), their updates of one subject are composed and applied as one update when the checks are done
 * ({@link #flush}), so that a request learning several things (a country, its location, a rate sample, an endpoint)
 * writes its profile once: one read and one write with Redis, however many checks learned. Outside a collection (checks
 * on the executor's threads) an update goes straight to the store.
 */
final class CoalescingProfiles implements ProfileStore {

    /** Collecting, nothing pending yet: most requests learn nothing, and need no map of their own. */
    private static final Map<String, UnaryOperator<SubjectProfile>> NOTHING_YET = Map.of();

    private final ProfileStore store;
    /** This thread's pending updates by subject, {@link #NOTHING_YET}, or null when not collecting. */
    private final ThreadLocal<Map<String, UnaryOperator<SubjectProfile>>> pending = new ThreadLocal<>();

    CoalescingProfiles(ProfileStore store) {
        this.store = store;
    }

    /** The store written to. */
    ProfileStore store() {
        return store;
    }

    @Override
    public SubjectProfile get(String subjectKey) {
        return store.get(subjectKey);
    }

    @Override
    public void update(String subjectKey, UnaryOperator<SubjectProfile> update) {
        Map<String, UnaryOperator<SubjectProfile>> p = pending.get();
        if (p == null) {
            store.update(subjectKey, update);
            return;
        }
        if (p == NOTHING_YET) {
            p = new LinkedHashMap<>(2);
            pending.set(p);
        }
        p.merge(subjectKey, update, (first, then) -> q -> then.apply(first.apply(q)));
    }

    /** Starts collecting this thread's updates. */
    void collect() {
        pending.set(NOTHING_YET);
    }

    /** Applies what this thread collected, one update per subject, and stops collecting. */
    void flush() {
        Map<String, UnaryOperator<SubjectProfile>> p = pending.get();
        pending.set(null); // not remove(): on a pooled request thread the entry is reused, and remove() rehashes
        if (p != null && p != NOTHING_YET) {
            p.forEach(store::update);
        }
    }
}
