package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.policy.Verdict;

import java.io.IOException;

/**
 * {@code GET {prefix}/callback}: where the login provider sends the browser back with the authorization code
 * (OpenID Connect Core 1.0, section 3.1.2.5); present only when a login issuer is configured. The login completes
 * (or is refused with an HTML page) here; see {@link dev.zt.filter.internal.oidc.BrowserLogin}.
 */
public final class CallbackEndpoint extends Endpoint {

    /** Creates the endpoint. */
    public CallbackEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        w.login.callback(x);
        return Verdict.handled();
    }
}
