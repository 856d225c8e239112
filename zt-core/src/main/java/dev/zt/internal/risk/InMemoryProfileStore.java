package dev.zt.internal.risk;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.risk.SubjectProfile;

import java.util.function.UnaryOperator;

/**
 * The default {@link ProfileStore}: bounded (least recently used profiles are forgotten first, which at worst asks a
 * returning subject for step-up again — a safe failure) and updated atomically.
 */
public final class InMemoryProfileStore implements ProfileStore {

    private final Cache<String, SubjectProfile> profiles;

    /** Creates the store. */
    public InMemoryProfileStore(long maxEntries) {
        this.profiles = dev.zt.internal.cache.Caches.bounded(maxEntries).build();
    }

    @Override
    public SubjectProfile get(String subjectKey) {
        SubjectProfile p = profiles.getIfPresent(subjectKey);
        return p == null ? SubjectProfile.empty() : p;
    }

    @Override
    public void update(String subjectKey, UnaryOperator<SubjectProfile> update) {
        profiles.asMap().compute(subjectKey, (k, v) -> update.apply(v == null ? SubjectProfile.empty() : v));
    }
}
