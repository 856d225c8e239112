package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.internal.json.StrictJson;
import dev.zt.policy.Verdict;
import dev.zt.ssf.Receipt;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code POST {prefix}/global-token-revocation} (draft-parecki-oauth-global-token-revocation, the protocol behind Okta
 * Universal Logout): a security tool or identity provider asks zt to refuse every token and zt session of a subject
 * until it authenticates again. The caller presents a bearer token of {@code zt.gtr.issuer} with the scope
 * {@code zt.gtr.scope}; the JSON body holds one subject identifier ({@code sub_id}, or {@code subject} as earlier
 * drafts name it) in {@code iss_sub}, {@code opaque} or {@code email} format. Answers {@code 204}; {@code 400} for a
 * malformed request; {@code 401} for a missing or refused token; {@code 403} for a token of another issuer or without
 * the scope; {@code 404} for a subject of an issuer zt does not trust; {@code 503} when the revocation store cannot
 * answer. The same action as a Shared Signals cut-off.
 */
public final class GlobalTokenRevocationEndpoint extends Endpoint {

    /** The largest request body read. */
    static final int MAX_BYTES = 16_384;

    /** Creates the endpoint. */
    public GlobalTokenRevocationEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        HttpServletResponse res = x.response();
        List<String> authorizations = Collections.list(x.request().getHeaders("Authorization"));
        if (authorizations.size() != 1 || !authorizations.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"" + w.settings.realm + "\"");
            Bodies.json(res, 401, "error", "invalid_token", "error_description", "send one bearer token");
            return Verdict.handled();
        }
        VerifiedToken caller;
        try {
            caller = w.engine.verifier().verify(authorizations.get(0).substring(7).trim());
        } catch (TokenRejectedException e) {
            if (e.reason().httpStatus() == 503) {
                res.setHeader("Retry-After", Long.toString(w.settings.retryAfterSeconds));
                Bodies.json(res, 503, "error", "temporarily_unavailable", "reason", e.reason().code());
            } else {
                res.setHeader("WWW-Authenticate", "Bearer realm=\"" + w.settings.realm + "\", error=\"invalid_token\"");
                Bodies.json(res, 401, "error", "invalid_token", "reason", e.reason().code());
            }
            refused(x, e.reason().code(), e.description());
            return Verdict.handled();
        }
        String scope = w.engine.config().ssf().gtrScope();
        if (!caller.issuerName().equals(w.engine.config().ssf().gtrIssuer().orElse(null))
                || !caller.hasScope(scope)) {
            Bodies.json(res, 403, "error", "insufficient_scope", "error_description", "a token of the configured"
                    + " issuer with scope " + scope + " is needed");
            refused(x, RejectionReason.INSUFFICIENT_SCOPE.code(), "caller " + caller.issuerName() + " without "
                    + scope);
            return Verdict.handled();
        }
        Map<String, Object> subject = subject(x);
        if (subject == null) {
            Bodies.json(res, 400, "error", "invalid_request", "error_description", "send {\"sub_id\": {...}} as"
                    + " application/json");
            return Verdict.handled();
        }
        Receipt r = w.engine.sharedSignals().revokeSubject(subject, caller.issuerName() + " "
                + caller.subject().orElse("-"));
        switch (r.outcome()) {
            case ACCEPTED:
            case DUPLICATE:
                res.setStatus(204);
                res.setHeader("Cache-Control", "no-store");
                break;
            case UNAVAILABLE:
                res.setHeader("Retry-After", Long.toString(w.settings.retryAfterSeconds));
                Bodies.json(res, 503, "error", "temporarily_unavailable");
                break;
            default:
                boolean unknown = "unknown_subject".equals(r.errorCode().orElse(null));
                Bodies.json(res, unknown ? 404 : 400, "error", unknown ? "user_not_found" : "invalid_request");
        }
        return Verdict.handled();
    }

    /** The one subject identifier of a JSON body, or null. */
    private static Map<String, Object> subject(Exchange x) throws IOException {
        if (!Bodies.hasType(x.request(), "application/json")) {
            return null;
        }
        String body = Bodies.read(x.request(), MAX_BYTES);
        if (body == null) {
            return null;
        }
        Map<String, Object> json;
        try {
            json = StrictJson.parseObject(body);
        } catch (RuntimeException e) {
            return null;
        }
        Object subId = json.get("sub_id");
        Object subject = json.get("subject");
        Object only = subId != null && subject == null ? subId : subject != null && subId == null ? subject : null;
        if (!(only instanceof Map)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) only;
        return m;
    }

    private void refused(Exchange x, String reason, String detail) {
        w.engine.events().countReason("gtr_" + reason);
        w.events.emit(w.events.of(x, "gtr_rejected").reason(reason).detail(detail));
    }
}
