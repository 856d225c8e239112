package dev.zt.filter.internal.pipeline;

import dev.zt.policy.Verdict;
import dev.zt.session.SessionCheck;
import dev.zt.session.SessionManager;
import dev.zt.token.RejectionReason;

import java.util.Optional;

/**
 * A zt session token is checked against its session (revoked, idle, absolute limit, reuse after rotation) and
 * refreshed when due; the session cookie may hold nothing but a session token ({@code invalid_request}).
 */
final class SessionStage extends WiredStage {

    SessionStage(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        SessionManager sessions = w.engine.sessions();
        if (sessions.isSessionToken(x.token)) {
            SessionCheck check = sessions.check(x.token);
            x.session = check.session();
            x.csrfToken = check.csrfToken();
            x.refreshed = check.refreshed().orElse(null);
        } else if (x.credential.fromCookie()) {
            return Optional.of(Verdict.refuse(RejectionReason.INVALID_REQUEST, "the session cookie must hold a zt"
                    + " session token"));
        }
        return Optional.empty();
    }
}
