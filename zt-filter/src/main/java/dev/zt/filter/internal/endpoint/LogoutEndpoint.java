package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.oidc.LoginPages;
import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.filter.internal.request.Credential;
import dev.zt.policy.Verdict;
import dev.zt.session.SessionCheck;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST {prefix}/logout}: ends the caller's zt session (its tokens are refused from the very next request on every
 * node) and clears the cookies; {@code 204}, or for a browser's sign-out form: for a browser-login session a page that
 * sends the browser on to the provider's {@code end_session_endpoint} (OpenID Connect RP-Initiated Logout 1.0), else a
 * redirect to the login page. In cookie mode the CSRF check applies, so that no other site can log a user out.
 */
public final class LogoutEndpoint extends Endpoint {

    /** Creates the endpoint. */
    public LogoutEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        Credential credential = Credential.of(x.request(), x.cookies(), w.settings.cookieName);
        if (credential == null) {
            return Verdict.refuse(RejectionReason.TOKEN_MISSING, "no session token was presented");
        }
        VerifiedToken token = w.engine.verifier().verify(credential.token());
        if (!w.engine.sessions().isSessionToken(token)) {
            return Verdict.refuse(RejectionReason.INVALID_REQUEST, "logout needs a zt session token");
        }
        try {
            w.proofs.confirm(x, credential, token); // a stolen bound session token cannot even end its session
        } catch (dev.zt.filter.internal.request.RequestRejectedException e) {
            return Verdict.refuse(RejectionReason.REQUEST_REJECTED, e.getMessage());
        }
        SessionCheck check = w.engine.sessions().check(token);
        if (credential.fromCookie()) {
            Optional<Verdict> refused = w.csrf.check(x, check.csrfToken());
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        String grant = w.login == null ? null : w.engine.sessions().providerGrant(check.session().id()).orElse(null);
        w.engine.sessions().revoke(check.session().id()); // the user's own request: carried out in every mode
        w.cookies.clear(x.response());
        x.response().setHeader("Cache-Control", "no-store");
        w.events.emit(w.events.of(x, "session_revoked").subject(token.subject().orElse(null))
                .sessionId(check.session().id()).detail("logout"));
        String accept = x.request().getHeader("Accept");
        boolean browser = accept != null && accept.contains("text/html");
        Optional<String> endSession = browser && grant != null ? w.login.endSession(x, grant)
                : Optional.empty();
        if (endSession.isPresent()) {
            LoginPages.signedOut(x.response(), endSession.get()); // RP-initiated logout: the provider's session too
        } else if (w.redirects.hasLogin() && browser) {
            w.redirects.toLogin(x); // a browser's sign-out form lands on the login page
        } else {
            x.response().setStatus(204);
        }
        return Verdict.handled();
    }
}
