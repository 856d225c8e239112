package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** zt's own endpoints: a {@code POST} to {@code {prefix}/session}, {@code /logout} or {@code /backchannel-logout}. */
final class EndpointStage implements Stage {

    private final Map<String, Endpoint> endpoints;

    EndpointStage(Map<String, Endpoint> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    /** True when the request is a POST to one of the endpoints. */
    boolean handles(Exchange x) {
        return "POST".equals(x.method) && endpoints.containsKey(x.path);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) throws IOException {
        Endpoint e = "POST".equals(x.method) ? endpoints.get(x.path) : null;
        return e == null ? Optional.empty() : Optional.of(e.handle(x));
    }
}
