package dev.zt.filter;

import dev.zt.ZeroTrust;
import dev.zt.filter.internal.Bootstrap;
import dev.zt.filter.internal.FilterRuntime;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.policy.Verdict;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The filter's way to its implementation (package-private: the public {@link ZeroTrustFilter} depends on no internal
 * type): the runtime the start-up built, or one built here for a programmatic registration.
 */
final class EnforcementPoint {

    private final FilterRuntime runtime;
    private final boolean ownsEngine;

    private EnforcementPoint(FilterRuntime runtime, boolean ownsEngine) {
        this.runtime = runtime;
        this.ownsEngine = ownsEngine;
    }

    /** The runtime the start-up built for this application, or one for the given engine or init-params. */
    static EnforcementPoint of(ServletContext context, ZeroTrust engine, Map<String, String> initParams) {
        Object prepared = context.getAttribute(Bootstrap.RUNTIME);
        if (engine == null && prepared instanceof FilterRuntime) {
            return new EnforcementPoint((FilterRuntime) prepared, false);
        }
        boolean owns = engine == null;
        FilterRuntime runtime = owns ? Bootstrap.build(initParams, context)
                : new FilterRuntime(engine, Thread.currentThread().getContextClassLoader());
        Bootstrap.publish(context, runtime);
        return new EnforcementPoint(runtime, owns);
    }

    ZeroTrust engine() {
        return runtime.engine();
    }

    int rules() {
        return runtime.settings().rules.size();
    }

    void decideAndEnforce(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Exchange exchange = new Exchange(req, res);
        exchange.beginStoreWork(runtime.engine()); // one store timeout for all of zt's lookups; ended before the app
        try {
            Verdict verdict = runtime.pipeline().decide(exchange);
            runtime.enforcer().enforce(exchange, verdict, chain);
        } finally {
            exchange.endStoreWork();
        }
    }

    void continueDispatch(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        runtime.enforcer().continueDispatch(req, res, chain);
    }

    void close() {
        if (ownsEngine) {
            runtime.engine().close();
        }
    }
}
