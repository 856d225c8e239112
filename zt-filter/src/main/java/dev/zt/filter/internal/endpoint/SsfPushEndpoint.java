package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.policy.Verdict;
import dev.zt.ssf.Receipt;
import dev.zt.ssf.SharedSignals;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST {prefix}/ssf/push}: a Shared Signals transmitter pushes one Security Event Token (RFC 8935 section 2)
 * with {@code Content-Type: application/secevent+jwt} and the {@code Authorization} value configured for it
 * ({@code zt.ssf.transmitters.<name>.push-authorization}). Answers {@code 202} once the SET is acted on (or was
 * before); {@code 400} with {@code {"err", "description"}} (RFC 8935 section 2.3) for a SET that does not parse, has a
 * bad signature, a wrong {@code iss} or {@code aud}, or an event zt does not act on; {@code 401}
 * ({@code authentication_failed}) without a configured {@code Authorization} (failures count per client address,
 * {@code zt.auth-failures.max-per-client}: an address that keeps guessing gets {@code 429}); {@code 429} above
 * {@code zt.ssf.push.rate-per-minute}; {@code 503} with {@code Retry-After} when a store or the transmitter's keys
 * cannot answer (the transmitter delivers it again). The body is read up to {@code zt.ssf.push.max-bytes}; a request
 * reaches the endpoint only through zt's firewall. Never a 500.
 */
public final class SsfPushEndpoint extends Endpoint {

    /** The media type of a pushed SET (RFC 8417 section 2.3). */
    static final String SECEVENT_JWT = "application/secevent+jwt";

    /** Creates the endpoint. */
    public SsfPushEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        HttpServletResponse res = x.response();
        SharedSignals ssf = w.engine.sharedSignals();
        // per address only: a failure count shared by every caller would let anyone lock the transmitter out
        if (w.engine.failedAttempts().locked(x.client())) { // a guesser of push secrets, locked out a while
            res.setHeader("Retry-After", Long.toString(w.engine.failedAttempts().window().toSeconds()));
            Bodies.json(res, 429, "err", "authentication_failed", "description", "too many failed attempts");
            return Verdict.handled();
        }
        List<String> authorizations = Collections.list(x.request().getHeaders("Authorization"));
        Optional<String> transmitter = authorizations.size() == 1 ? ssf.pushTransmitter(authorizations.get(0))
                : Optional.empty();
        if (transmitter.isEmpty()) {
            w.engine.failedAttempts().recordFailure(x.client());
            w.events.emit(w.events.of(x, "ssf_rejected").reason("ssf_authentication_failed").status(401)
                    .detail(authorizations.isEmpty() ? "a push without Authorization" : "a push whose Authorization"
                            + " is no transmitter's"));
            w.engine.events().countReason("ssf_authentication_failed");
            Bodies.json(res, 401, "err", "authentication_failed", "description", "authentication failed");
            return Verdict.handled();
        }
        String name = transmitter.get();
        int recent = w.engine.risk().windows().recordEvent("ssf-push " + name, Duration.ofMinutes(1));
        if (recent > w.engine.config().ssf().pushRatePerMinute()) {
            w.engine.events().countReason("ssf_rate_limited");
            res.setHeader("Retry-After", Long.toString(w.settings.retryAfterSeconds));
            Bodies.json(res, 429, "err", "invalid_request", "description", "too many SETs; deliver them again later");
            return Verdict.handled();
        }
        if (!Bodies.hasType(x.request(), SECEVENT_JWT)) {
            Bodies.json(res, 400, "err", "invalid_request", "description", "send the SET as " + SECEVENT_JWT);
            return Verdict.handled();
        }
        String set = Bodies.read(x.request(), w.engine.config().ssf().pushMaxBytes());
        if (set == null) {
            Bodies.json(res, 400, "err", "invalid_request", "description", "the SET is larger than this receiver"
                    + " accepts");
            return Verdict.handled();
        }
        Receipt r = ssf.receive(name, set.trim());
        switch (r.outcome()) {
            case ACCEPTED:
            case DUPLICATE:
                res.setStatus(202);
                res.setHeader("Cache-Control", "no-store");
                res.setContentLength(0);
                break;
            case UNAVAILABLE:
                res.setHeader("Retry-After", Long.toString(w.settings.retryAfterSeconds));
                Bodies.json(res, 503, "err", "temporarily_unavailable", "description", r.publicDescription());
                break;
            default:
                Bodies.json(res, 400, "err", r.errorCode().orElse("invalid_request"), "description",
                        r.publicDescription());
        }
        return Verdict.handled();
    }
}
