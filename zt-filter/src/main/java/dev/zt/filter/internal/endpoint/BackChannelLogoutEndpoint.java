package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.filter.internal.request.FormBody;
import dev.zt.filter.internal.request.RequestRejectedException;
import dev.zt.internal.json.JsonWriter;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST {prefix}/backchannel-logout}: an identity provider ends a user's session (OpenID Connect Back-Channel
 * Logout 1.0). The one {@code logout_token} field is read from the form body only (a token in the URL is refused: URLs
 * end up in logs), verified (section 2.6), used once (its {@code jti} is remembered until its {@code exp} in the replay
 * cache, shared by all nodes with a shared store), and the provider session's tokens and the zt sessions exchanged from
 * them are revoked. Answers 200; 400 with {@code error} and zt's {@code reason} for a refused token (section 2.8); 503
 * with {@code Retry-After} when the issuer's keys or a store are unavailable (the provider may retry). In report-only
 * mode the logout is verified and logged but not applied.
 */
public final class BackChannelLogoutEndpoint extends Endpoint {

    /** Creates the endpoint. */
    public BackChannelLogoutEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        HttpServletResponse res = x.response();
        res.setHeader("Cache-Control", "no-store");
        try {
            VerifiedToken logout = w.engine.verifier().verifyLogoutToken(logoutToken(x));
            boolean first;
            try {
                first = w.engine.replays().firstUse("logout " + logout.issuer() + " " + logout.tokenId().orElseThrow(),
                        logout.expiresAt());
            } catch (RuntimeException e) {
                throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the replay cache could not"
                        + " answer (" + e.getClass().getSimpleName() + ")", e);
            }
            if (!first) {
                throw new TokenRejectedException(RejectionReason.TOKEN_REPLAYED, "this logout token was used before");
            }
            if (w.engine.reportOnly()) {
                w.events.emit(w.events.of(x, "session_revoked").issuer(logout.issuerName())
                        .subject(logout.subject().orElse(null)).detail("report-only: a back-channel logout of sid "
                                + logout.sessionId().orElse("-") + " would be applied"));
            } else {
                w.engine.sessions().logout(logout);
                w.events.emit(w.events.of(x, "session_revoked").issuer(logout.issuerName())
                        .subject(logout.subject().orElse(null)).detail("backchannel_logout of sid "
                                + logout.sessionId().orElse("-")));
            }
            res.setStatus(200);
        } catch (TokenRejectedException e) {
            boolean unavailable = e.reason().httpStatus() == 503; // the provider may retry; anything else: 2.8
            w.events.emit(w.events.of(x, "logout_rejected").reason(e.reason().code()).status(unavailable ? 503 : 400)
                    .detail(e.description()));
            if (unavailable) {
                res.setHeader("Retry-After", Long.toString(w.settings.retryAfterSeconds));
            }
            byte[] body = JsonWriter.object(JsonWriter.UNLIMITED)
                    .field("error", unavailable ? "temporarily_unavailable" : "invalid_request")
                    .field("error_description", e.reason().publicDetail()).field("reason", e.reason().code()).end()
                    .getBytes(StandardCharsets.UTF_8);
            res.setStatus(unavailable ? 503 : 400);
            res.setContentType("application/json");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        }
        return Verdict.handled();
    }

    /** The one {@code logout_token} field of the form body; never from the query string. */
    private String logoutToken(Exchange x) throws IOException {
        if (SessionEndpoint.queryParameter(x, "logout_token") != null) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "logout_token must be sent in the form"
                    + " body, not in the URL");
        }
        if (!FormBody.isForm(x.request())) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "send logout_token as"
                    + " application/x-www-form-urlencoded");
        }
        List<String> values;
        try {
            values = FormBody.read(x.request(), w.settings.formMaxBytes, w.settings.formMaxFields).values("logout_token");
        } catch (RequestRejectedException e) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, e.getMessage());
        }
        if (values.size() != 1) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "send one logout_token form field");
        }
        return values.get(0);
    }
}
