package dev.zt.filter.internal.pipeline;

import java.io.IOException;

/**
 * The roll-out console ({@code zt.console.enabled}): served by the enforcer in place of the application to a caller the
 * pipeline granted under the console's own path rule — in report-only mode too, and never without a token.
 */
public interface ConsolePage {

    /** True for a path under the console. */
    boolean handles(String path);

    /** Answers a granted request for the console. */
    void serve(Exchange x) throws IOException;
}
