package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.request.Credential;
import dev.zt.filter.internal.request.RequestRejectedException;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.internal.json.JsonWriter;
import dev.zt.policy.Verdict;
import dev.zt.session.IssuedSession;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST {prefix}/session}: exchanges an access token (one {@code Authorization: Bearer} or {@code DPoP} header,
 * with its proof when the token is sender-constrained: the session is bound alike) for a zt session.
 * {@code ?mode=cookie} answers with cookies (the session token only in its {@code HttpOnly} cookie, the CSRF token in
 * the body and its cookie) and binds the session to the browser's device; otherwise the body carries the session
 * token. When the browser already holds a session that this token may step up (same origin issuer, same subject, an
 * {@code acr} not lower), that session is stepped up instead (RFC 9470 completed at the identity provider) and moves to
 * this browser's device. Per client address at most {@code zt.session.create-rate.per-client} exchanges a minute
 * ({@code 429 rate_limited}); a service issuer's token is never exchanged.
 */
public final class SessionEndpoint extends Endpoint {

    /** Creates the endpoint. */
    public SessionEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        List<String> authorizations = Collections.list(x.request().getHeaders("Authorization"));
        if (authorizations.size() != 1 || !authorizations.get(0).regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorizations.get(0).regionMatches(true, 0, "DPoP ", 0, 5)) {
            return Verdict.refuse(authorizations.size() > 1 ? RejectionReason.INVALID_REQUEST
                    : RejectionReason.TOKEN_MISSING, "send one access token as Authorization: Bearer (or DPoP)");
        }
        Credential credential = Credential.header(x.request());
        int recent = w.engine.risk().windows().recordEvent("session-create client " + x.client(), Duration.ofMinutes(1));
        if (recent > w.engine.config().session().createPerClient() && !w.engine.reportOnly()) {
            return Verdict.refuse(RejectionReason.RATE_LIMITED, recent + " session exchanges from this client in the"
                    + " last minute (zt.session.create-rate.per-client)");
        }
        VerifiedToken token = w.engine.verifier().verify(credential.token());
        try {
            w.proofs.confirm(x, credential, token); // a bound token's session is bound alike: prove it now
        } catch (RequestRejectedException e) {
            return Verdict.refuse(RejectionReason.REQUEST_REJECTED, e.getMessage());
        }
        if (w.engine.sessions().isSessionToken(token)) {
            return Verdict.refuse(RejectionReason.INVALID_REQUEST, "a session is created from an access token, not"
                    + " from a session token");
        }
        String current = currentSessionId(x);
        boolean cookieMode = current != null || "cookie".equals(queryParameter(x, "mode"));
        String device = cookieMode ? device(x) : null;
        Optional<IssuedSession> steppedUp = current == null ? Optional.empty()
                : w.engine.sessions().stepUp(current, token, device);
        IssuedSession session = steppedUp.isPresent() ? steppedUp.get() : w.engine.sessions().create(token);
        if (cookieMode && steppedUp.isEmpty()) {
            w.engine.sessions().bindDevice(session.sessionId(), device);
        }
        HttpServletResponse res = x.response();
        if (cookieMode) {
            w.cookies.setAll(res, session);
        }
        long expiresIn = Math.max(0, Duration.between(w.engine.clock().instant(), session.expiresAt()).toSeconds());
        JsonWriter body = JsonWriter.object(JsonWriter.UNLIMITED);
        if (cookieMode) {
            body.field("token_type", "cookie").field("expires_in", expiresIn).field("csrf_token", session.csrfToken());
        } else {
            body.field("session_token", session.token()).field("token_type", "Bearer").field("expires_in", expiresIn);
        }
        byte[] json = body.end().getBytes(StandardCharsets.UTF_8);
        res.setStatus(200);
        res.setHeader("Cache-Control", "no-store");
        res.setContentType("application/json");
        res.setContentLength(json.length);
        res.getOutputStream().write(json);
        w.events.emit(w.events.of(x, steppedUp.isPresent() ? "session_stepped_up" : "session_created")
                .subject(token.subject().orElse(null)).issuer(token.issuerName()).sessionId(session.sessionId())
                .deviceId(device).detail("acr " + token.acr().orElse("-")));
        return Verdict.handled();
    }

    /** The session of the browser's session cookie, when it holds a usable one. */
    private String currentSessionId(Exchange x) {
        try {
            String value = x.cookies().single(w.settings.cookieName);
            if (value == null) {
                return null;
            }
            VerifiedToken current = w.engine.verifier().verify(value);
            if (!w.engine.sessions().isSessionToken(current)) {
                return null;
            }
            return w.engine.sessions().check(current).session().id();
        } catch (TokenRejectedException | dev.zt.filter.internal.request.Cookies.DuplicateCookieException e) {
            return null; // the old session is unusable: a new one is created
        }
    }

    private String device(Exchange x) {
        String presented = w.devices.presented(x.cookies());
        return presented != null ? presented : w.devices.mint(x);
    }

    /** A query parameter, read from the query string itself (never {@code getParameter}, which reads the body). */
    static String queryParameter(Exchange x, String name) {
        String query = x.request().getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
