package dev.zt.filter.internal.pipeline;

import dev.zt.spi.risk.Decision;
import dev.zt.ZeroTrustContext;
import dev.zt.filter.container.RequestAttributes;
import dev.zt.filter.internal.http.IdentityRequest;
import dev.zt.filter.internal.http.Problems;
import dev.zt.internal.http.Problem;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out a verdict (the enforcement half of the PEP): asks the Policy Administrator for the revocations a refusal
 * calls for, records exactly one event per decision, hands a refreshed session token to the client (on refusals too,
 * so that a committed rotation is never lost), and then lets the request through with the caller's identity or
 * answers the refusal (RFC 6750 / RFC 9470 challenge and RFC 9457 problem, or a browser redirect). In report-only mode
 * nothing is revoked or refused: the would-be action is logged, counted, and the request continues with the caller's
 * identity when the token was valid.
 */
public final class Enforcer {

    /**
     * The refusals counted as the caller's authorization failures (the {@code authorization-failures} check revokes a
     * session after {@code zt.risk.authz-failures.max} of them): what the caller asked for and was not allowed. Not a
     * forged request ({@code csrf_rejected}: a same-site page could otherwise revoke its victim's session) and not a
     * check that failed ({@code risk_check_failed}: an overloaded server would otherwise revoke its users' sessions).
     */
    private static final Set<RejectionReason> CALLERS_FAILURES = Collections.unmodifiableSet(EnumSet.of(
            RejectionReason.INSUFFICIENT_SCOPE, RejectionReason.INSUFFICIENT_ROLE, RejectionReason.ACCESS_DENIED,
            RejectionReason.RISK_DENIED, RejectionReason.PDP_DENIED));

    private static final System.Logger LOG = System.getLogger("dev.zt.filter");

    /** The decisions as meters and spans name them. */
    private static final java.util.Map<String, String> METRIC_NAMES = java.util.Map.of("ALLOW", "allow", "STEP_UP",
            "step_up", "REVOKE_SESSION", "revoke_session", "DENY", "deny");

    private final Wiring w;
    /** The roll-out console, or null. */
    private final ConsolePage console;
    /**
     * The caller of the request each thread is serving inside the chain ({@code CurrentCaller}): set around
     * {@code chain.doFilter} and restored after it. A plain {@code ThreadLocal} (no subclass of the application's), so
     * that a pooled thread keeps no reference to the application's classes once the value is restored.
     */
    private final ThreadLocal<ZeroTrustContext> serving = new ThreadLocal<>();

    /** Creates the enforcer. */
    public Enforcer(Wiring wiring) {
        this(wiring, null);
    }

    /** Creates the enforcer serving the roll-out console ({@code console} may be null). */
    public Enforcer(Wiring wiring, ConsolePage console) {
        this.w = wiring;
        this.console = console;
    }

    /** Carries out the verdict of the exchange. */
    public void enforce(Exchange x, Verdict verdict, FilterChain chain) throws IOException, ServletException {
        if (verdict.outcome() == Verdict.Outcome.HANDLED) {
            return; // an endpoint answered and recorded its own event
        }
        Verdict v = administer(x, verdict);
        boolean forConsole = console != null && console.handles(x.path);
        record(x, v, !forConsole);
        handOverRefresh(x, v);
        boolean passes = v.granted() || w.settings.reportOnly;
        if (v.refused() && x.token != null && CALLERS_FAILURES.contains(v.reason().orElseThrow())) {
            recordDenial(x);
        }
        if (forConsole) { // never public, and refused in report-only mode too
            if (v.granted() && x.token != null) {
                console.serve(x);
            } else {
                respond(x, v.granted() ? Verdict.refuse(RejectionReason.TOKEN_MISSING, "the console needs a token")
                        : v);
            }
            return;
        }
        if (!passes) {
            respond(x, v);
            return;
        }
        HttpServletRequest app = x.application;
        x.request.setAttribute(RequestAttributes.CLIENT_ADDRESS, x.client());
        ZeroTrustContext context = null;
        if (x.token != null) {
            Decision decision = x.risk != null ? x.risk : v.granted() ? Decision.allow()
                    : Decision.deny(v.reason().orElseThrow().code());
            context = ZeroTrustContext.builder().token(x.token).bearerToken(x.credential.token()).session(x.session)
                    .csrfToken(x.csrfToken).clientAddress(x.client()).country(x.country).decision(decision).build();
            x.request.setAttribute(ZeroTrustContext.ATTRIBUTE, context);
            app = new IdentityRequest(app, context);
        } else if (x.cookies != null) {
            String device = w.devices.presented(x.cookies); // e.g. an MFA page that moves a session to this device
            if (device != null) {
                x.request.setAttribute(RequestAttributes.DEVICE_ID, device);
            }
        }
        if (x.deviceId != null) {
            x.request.setAttribute(RequestAttributes.DEVICE_ID, x.deviceId);
        }
        proceed(x, chain, app, context);
    }

    /** Continues a dispatch other than REQUEST that zt already decided, keeping the caller's identity. */
    public void continueDispatch(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Object ctx = req.getAttribute(ZeroTrustContext.ATTRIBUTE);
        ZeroTrustContext context = ctx instanceof ZeroTrustContext ? (ZeroTrustContext) ctx : null;
        doFilter(chain, context != null ? new IdentityRequest(req, context) : req, res, context);
    }

    /** The caller of the request this thread is serving inside the chain, or null ({@code CurrentCaller}). */
    public ZeroTrustContext serving() {
        return serving.get();
    }

    /** The Policy Administrator carries out a revocation the verdict asks for; never in report-only mode. */
    private Verdict administer(Exchange x, Verdict v) {
        if (!v.refused() || v.revocation() != Verdict.Revocation.SESSION || x.token == null || w.settings.reportOnly) {
            return v;
        }
        try {
            RejectionReason applied = w.engine.sessions().revokeCaller(x.token);
            Verdict done = Verdict.refuse(applied, v.detail().orElse(null)).withSignals(v.signals());
            return applied == RejectionReason.RISK_DENIED ? done : done.revokingSession(); // recorded as a revocation
        } catch (TokenRejectedException e) {
            return Verdict.refuse(e.reason(), e.description()).withSignals(v.signals());
        }
    }

    /**
     * One event (one audit line) per decision; counters for every refusal; the decision on the current span and, when
     * {@code timed} (not for the console's own requests), its time in the latency histogram and the console's history.
     */
    private void record(Exchange x, Verdict v, boolean timed) {
        RejectionReason reason = v.reason().orElse(null);
        if (reason != null) {
            w.engine.events().countReason(reason.code());
        }
        String decision = v.granted() ? "ALLOW" : v.isStepUp() ? "STEP_UP"
                : v.revocation() == Verdict.Revocation.SESSION ? "REVOKE_SESSION" : "DENY";
        boolean publicPath = x.token == null && v.granted();
        w.engine.events().decided(publicPath ? "public" : METRIC_NAMES.get(decision),
                reason == null ? null : reason.code(), x.token == null ? null : x.token.issuerName(),
                x.token == null ? null : x.token.subject().orElse(null), x.risk == null ? 0 : x.risk.score(),
                timed ? System.nanoTime() - x.started : -1);
        if (publicPath) {
            return; // nothing was decided about anyone
        }
        if (!w.events.wanted(decision)) {
            return; // nobody listens, and allowed requests log at DEBUG
        }
        List<String> reasons = new ArrayList<>(v.signals());
        if (x.risk != null) {
            for (String r : x.risk.reasons()) {
                if (!reasons.contains(r)) {
                    reasons.add(r);
                }
            }
        }
        w.events.emit(w.events.of(x, "request_decision").decision(decision)
                .reason(reason == null ? null : reason.code()).status(reason == null ? 0 : reason.httpStatus())
                .reasons(reasons).score(x.risk == null ? 0 : x.risk.score())
                .contributions(x.risk == null ? java.util.Map.of() : x.risk.contributions())
                .policyVersion(w.engine.risk().policyVersion()).detail(v.detail().orElse(null)));
    }

    /**
     * A session that rotated hands its new token over whatever the answer (unless the verdict ended the session): in
     * cookie mode only as the {@code HttpOnly} cookie, never in a header scripts can read.
     */
    private void handOverRefresh(Exchange x, Verdict v) {
        if (x.refreshed == null || v.revocation() == Verdict.Revocation.SESSION
                || v.reason().filter(r -> r == RejectionReason.SESSION_REVOKED).isPresent()) {
            return;
        }
        if (x.credential.fromCookie()) {
            w.cookies.setSession(x.response, x.refreshed);
        } else {
            x.response.setHeader(w.settings.refreshHeader, x.refreshed.token());
        }
    }

    private void recordDenial(Exchange x) {
        try {
            w.engine.risk().recordDenial(x.token, x.session);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record an authorization denial ({0})", e.getClass().getSimpleName());
        }
    }

    private void respond(Exchange x, Verdict v) throws IOException {
        HttpServletResponse res = x.response;
        if (res.isCommitted()) {
            return;
        }
        if (w.login != null && x.browserNavigation() && (v.isStepUp()
                || v.reason().orElseThrow().httpStatus() == 401)) {
            // a login provider takes precedence over zt.login-url and zt.step-up-url for browsers
            w.login.start(x, v.isStepUp() ? v.acr().orElseThrow() : null, v.maxAge().orElse(null));
            return;
        }
        if (v.isStepUp() && w.redirects.hasStepUp() && x.browserNavigation()) {
            w.redirects.toStepUp(x, v.acr().orElseThrow());
            return;
        }
        if (v.reason().orElseThrow().httpStatus() == 401 && w.redirects.hasLogin() && x.browserNavigation()) {
            w.redirects.toLogin(x);
            return;
        }
        Problems.write(res, Problem.of(v, w.settings.realm, w.settings.retryAfterSeconds, challenge(x)));
    }

    /**
     * What the challenges name beyond the realm: the {@code DPoP} challenge when some issuer accepts DPoP (RFC 9449
     * section 7.1), the protected resource metadata when {@code zt.resource} is set (RFC 9728 section 5.1).
     */
    private Problem.Challenge challenge(Exchange x) {
        String authorization = x.request.getHeader("Authorization");
        boolean scheme = x.credential != null ? x.credential.dpop()
                : authorization != null && authorization.trim().regionMatches(true, 0, "DPoP ", 0, 5);
        return Problem.Challenge.of(w.engine.senderConstraints(), scheme, w.settings.resourceMetadataUrl);
    }

    /**
     * Continues the chain; a refusal the application throws ({@code AccessDeniedException},
     * {@code StepUpRequiredException}, a {@code TokenRejectedException} from zt's API, an EJB access exception) is
     * answered as the HTTP contract says, never as a 500.
     */
    private void proceed(Exchange x, FilterChain chain, HttpServletRequest app, ZeroTrustContext context)
            throws IOException, ServletException {
        HttpServletResponse res = x.response;
        x.endStoreWork(); // the application's time is not zt's store budget
        try {
            doFilter(chain, app, res, context);
        } catch (RuntimeException | ServletException | IOException e) {
            Problem problem = Problem.forException(e, w.settings.realm, w.settings.retryAfterSeconds,
                    challenge(x));
            if (problem == null || res.isCommitted()) {
                throw e;
            }
            w.events.emit(w.events.of(x, "request_decision").decision(problem.status() == 401 ? "STEP_UP" : "DENY")
                    .reason(problem.reason().code()).status(problem.status()).detail("refused by the application"));
            w.engine.events().decided(problem.status() == 401 ? "step_up" : "deny", problem.reason().code(),
                    x.token == null ? null : x.token.issuerName(), x.token == null ? null
                    : x.token.subject().orElse(null), x.risk == null ? 0 : x.risk.score(), -1);
            if (problem.status() == 403 && context != null) {
                recordDenialAfterApplication(x);
            }
            Problems.write(res, problem);
            return;
        }
        if (context != null && res.getStatus() == 403) {
            recordDenialAfterApplication(x);
        }
    }

    /** The rest of the chain, with {@code context} as the thread's current caller while it runs. */
    private void doFilter(FilterChain chain, HttpServletRequest req, HttpServletResponse res, ZeroTrustContext context)
            throws IOException, ServletException {
        ZeroTrustContext outer = serving.get();
        serving.set(context);
        try {
            chain.doFilter(req, res);
        } finally {
            serving.set(outer);
        }
    }

    /** Counts the application's refusal on what is left of the request's store budget. */
    private void recordDenialAfterApplication(Exchange x) {
        x.beginStoreWork(w.engine);
        try {
            recordDenial(x);
        } finally {
            x.endStoreWork();
        }
    }
}
