package dev.zt.spi.store;

import dev.zt.spi.risk.SubjectProfile;
import java.util.function.UnaryOperator;

/**
 * Keeps {@link SubjectProfile}s (a Policy Information Point). The default is a bounded in-process Caffeine store; several
 * nodes share one store (e.g. Redis). Keys are {@code issuer + " " + subject}.
 */
public interface ProfileStore {

    /** The subject's profile ({@link SubjectProfile#empty()} when never seen). */
    SubjectProfile get(String subjectKey);

    /** Atomically replaces the subject's profile with {@code update(current)}. */
    void update(String subjectKey, UnaryOperator<SubjectProfile> update);
}
