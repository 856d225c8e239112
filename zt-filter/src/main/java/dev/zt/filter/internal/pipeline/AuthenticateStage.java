package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.request.Credential;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;

import java.util.Optional;

/**
 * Finds the credential (one {@code Authorization: Bearer} header and/or the session cookie, never the query) and
 * verifies it: {@code 401 token_missing} without one; every verification failure is a refusal with its reason.
 */
final class AuthenticateStage extends WiredStage {

    AuthenticateStage(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        x.credential = Credential.of(x.request, x.cookies, w.settings.cookieName);
        if (x.credential == null) {
            return Optional.of(Verdict.refuse(RejectionReason.TOKEN_MISSING, "no token was presented"));
        }
        x.token = w.engine.verifier().verify(x.credential.token());
        return Optional.empty();
    }
}
