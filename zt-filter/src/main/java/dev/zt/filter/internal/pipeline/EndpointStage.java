package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * zt's own endpoints: a {@code POST} to {@code {prefix}/session}, {@code /logout} or {@code /backchannel-logout}, a
 * {@code GET} of {@code {prefix}/callback} (browser login). Another method on an endpoint's path is the application's.
 */
final class EndpointStage implements Stage {

    private final Map<String, Endpoint> endpoints;

    EndpointStage(Map<String, Endpoint> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    /** True when the request is for one of the endpoints, with its method. */
    boolean handles(Exchange x) {
        return endpoint(x) != null;
    }

    @Override
    public Optional<Verdict> apply(Exchange x) throws IOException {
        Endpoint e = endpoint(x);
        return e == null ? Optional.empty() : Optional.of(e.handle(x));
    }

    private Endpoint endpoint(Exchange x) {
        Endpoint e = endpoints.get(x.path);
        return e != null && e.method().equals(x.method) ? e : null;
    }
}
