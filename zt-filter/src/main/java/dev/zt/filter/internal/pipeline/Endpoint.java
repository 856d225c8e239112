package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;

import java.io.IOException;

/**
 * One of zt's own protocol endpoints under {@code zt.endpoints.prefix}, for one method: it answers the request itself
 * ({@link Verdict#handled()}) or refuses it (answered by the filter like any refusal).
 */
public abstract class Endpoint {

    /** What the endpoint works with. */
    protected final Wiring w;

    /** Creates the endpoint. */
    protected Endpoint(Wiring wiring) {
        this.w = wiring;
    }

    /** The one HTTP method the endpoint answers ({@code POST} unless it says otherwise). */
    public String method() {
        return "POST";
    }

    /** Handles a request to the endpoint with its method. */
    public abstract Verdict handle(Exchange exchange) throws IOException;
}
