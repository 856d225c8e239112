package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;

import java.io.IOException;
import java.util.Optional;

/**
 * One step of the enforcement pipeline. A stage reads and completes the {@link Exchange}; it ends the pipeline by
 * returning a verdict (a refusal, a handled endpoint, or the grant of a public path) or lets the next stage decide by
 * returning empty. {@link dev.zt.token.TokenRejectedException}s thrown by a stage are refusals with their reason.
 */
public interface Stage {

    /** Runs the stage. */
    Optional<Verdict> apply(Exchange exchange) throws IOException;
}
