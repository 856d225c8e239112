package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.rules.PathPattern;
import dev.zt.policy.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * {@code zt.public-paths}: granted without authentication, matched on the decoded path the container dispatches on.
 * Nothing is public unless configured.
 */
final class PublicPathStage implements Stage {

    private final List<PathPattern> publicPaths;

    PublicPathStage(List<PathPattern> publicPaths) {
        this.publicPaths = List.copyOf(publicPaths);
    }

    boolean isPublic(String path) {
        for (PathPattern p : publicPaths) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        return isPublic(x.path) ? Optional.of(Verdict.grant()) : Optional.empty();
    }
}
