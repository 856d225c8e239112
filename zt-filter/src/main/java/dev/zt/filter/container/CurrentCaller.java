package dev.zt.filter.container;

import dev.zt.ZeroTrustContext;

import java.util.Optional;

/**
 * The caller zt verified for the request the current thread is serving, for container integrations that run inside
 * the application's code and would otherwise have to find the current servlet request first (zt-cdi's interceptor,
 * which would go through the CDI container's request-scoped proxy on every call). Published by the filter as the
 * servlet context attribute {@link #ATTRIBUTE} (the interface's class name).
 *
 * <p>The filter sets it on the thread that runs the rest of the filter chain, for exactly as long as that runs
 * (forwards and includes of the same request included), and restores what was there before when the chain returns or
 * throws: a pooled thread never carries one request's caller into the next. It is the same {@link ZeroTrustContext} the
 * filter publishes as the request attribute {@value ZeroTrustContext#ATTRIBUTE}; unlike that attribute, the
 * application cannot replace it.
 *
 * <p>Empty on any other thread (an asynchronous continuation, a thread the application started, a timer), for a request
 * without a verified caller (a public path, report-only mode without a valid token), and outside the filter's chain.
 * Empty does not mean "nobody": an integration that finds nothing here must fall back to the servlet request, if any.
 */
public interface CurrentCaller {

    /** The servlet context attribute under which the filter publishes it. */
    String ATTRIBUTE = CurrentCaller.class.getName();

    /** The verified caller of the request this thread is serving inside the filter's chain, if any. */
    Optional<ZeroTrustContext> current();
}
