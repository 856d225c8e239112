package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * What the pipeline asks of the browser login at an OpenID Connect provider (implemented by
 * {@code dev.zt.filter.internal.oidc.BrowserLogin}, wired in by the filter's runtime, so that this package does not
 * depend on it).
 */
public interface ProviderLogin {

    /** Sends the browser to the provider to log in, or with {@code acr} to step up; an error page when it cannot. */
    void start(Exchange x, String acr, Duration maxAge) throws IOException;

    /** Answers {@code GET {prefix}/callback}. */
    void callback(Exchange x) throws IOException;

    /** Re-checks the provider session of a browser-login session when due: the refusal, or empty. */
    Optional<Verdict> checkProviderSession(Exchange x);

    /** The provider's end-session URL for a logout of a session with this sealed grant, when there is one. */
    Optional<String> endSession(Exchange x, String sealedGrant);
}
