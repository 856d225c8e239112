package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;

import java.util.Optional;

/**
 * A browser-login session whose provider session is due for its check ({@code zt.oidc.idp-session-check}) is checked
 * at the provider ({@link ProviderLogin#checkProviderSession}). Nothing for other
 * requests, and nothing without a login issuer.
 */
final class ProviderSessionStage extends WiredStage {

    ProviderSessionStage(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        return w.login == null || x.session == null ? Optional.empty() : w.login.checkProviderSession(x);
    }
}
