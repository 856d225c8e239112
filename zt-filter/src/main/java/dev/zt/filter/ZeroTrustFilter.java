package dev.zt.filter;

import dev.zt.Decision;
import dev.zt.ZeroTrust;
import dev.zt.ZeroTrustContext;
import dev.zt.filter.internal.Bootstrap;
import dev.zt.filter.internal.FilterSettings;
import dev.zt.filter.internal.IdentityRequest;
import dev.zt.filter.internal.Problems;
import dev.zt.filter.internal.RequestFirewall;
import dev.zt.filter.internal.Requirement;
import dev.zt.internal.authz.TokenRule.Unmet;
import dev.zt.internal.http.Problem;
import dev.zt.internal.json.StrictJson;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionCheck;
import dev.zt.spi.GeoLocation;
import dev.zt.spi.RiskContext;
import dev.zt.spi.SecurityEvent;
import dev.zt.spi.SessionRecord;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * zt's Policy Enforcement Point (NIST SP 800-207) for a web application: add it to {@code web.xml} on {@code /*} and
 * every request — from a browser, an API client or another internal service — must prove itself.
 *
 * <p>Per request, in order: the request firewall (400 {@code request_rejected}); the client address (forwarding
 * headers believed only from {@code zt.trusted-proxies}); public paths ({@code zt.public-paths}, none by default); the
 * token from {@code Authorization: Bearer} or the session cookie (never the query string; two different tokens are
 * {@code invalid_request}); verification; session state for zt session tokens (refresh, rotation, idle and absolute
 * limits, CSRF in cookie mode); path rules ({@code zt.rules}); the trust decision; then the request continues with
 * {@code getUserPrincipal()}, {@code isUserInRole()} and {@code getAuthType()} reflecting the token and a
 * {@link ZeroTrustContext} published as request attribute {@value ZeroTrustContext#ATTRIBUTE}.
 *
 * <p>Refusals follow RFC 6750 ({@code WWW-Authenticate: Bearer}), RFC 9470 (step-up) and RFC 9457 (problem+json with
 * a {@code reason} code); see {@code docs/http-contract.md}. zt fails closed: any doubt denies; nothing caused by input
 * is ever a 500. {@code zt.mode=report-only} evaluates and logs everything but blocks nothing.
 *
 * <p>The engine is built once per filter instance from the init-params, {@code zt.properties}, the environment and
 * system properties; or pass a built {@link ZeroTrust} to {@link #ZeroTrustFilter(ZeroTrust)} when registering the
 * filter programmatically.
 */
public class ZeroTrustFilter implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.zt.filter");
    private static final System.Logger AUDIT = System.getLogger("dev.zt.audit");
    private static final String DECIDED = ZeroTrustFilter.class.getName() + ".decided";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private ZeroTrust engine;
    private boolean ownsEngine;
    private FilterSettings settings;
    private final RequestFirewall firewall = new RequestFirewall();

    /** For {@code web.xml}: the engine is built from configuration in {@link #init(FilterConfig)}. */
    public ZeroTrustFilter() {
    }

    /** For programmatic registration with an engine built (and closed) by the caller. */
    public ZeroTrustFilter(ZeroTrust engine) {
        this.engine = engine;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (engine == null) {
            Object prepared = filterConfig.getServletContext().getAttribute(ZeroTrust.class.getName());
            if (prepared instanceof ZeroTrust
                    && filterConfig.getServletContext().getAttribute(Bootstrap.OWNED) != null) {
                engine = (ZeroTrust) prepared; // built at application start-up by the Bootstrap
            } else {
                Map<String, String> initParams = new HashMap<>();
                for (String name : Collections.list(filterConfig.getInitParameterNames())) {
                    initParams.put(name, filterConfig.getInitParameter(name));
                }
                engine = Bootstrap.build(initParams);
                ownsEngine = true;
            }
        }
        settings = new FilterSettings(engine.config(), loader);
        filterConfig.getServletContext().setAttribute(ZeroTrust.class.getName(), engine);
        LOG.log(Level.INFO, "zt filter started: {0} trusted issuer(s), {1} path rule(s), mode {2}",
                engine.config().issuers().size(), settings.rules.size(), settings.reportOnly ? "report-only"
                        : "enforce");
    }

    @Override
    public void destroy() {
        if (ownsEngine && engine != null) {
            engine.close();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        if (req.getDispatcherType() != DispatcherType.REQUEST && req.getAttribute(DECIDED) != null) {
            Object ctx = req.getAttribute(ZeroTrustContext.ATTRIBUTE);
            chain.doFilter(ctx instanceof ZeroTrustContext ? new IdentityRequest(req, (ZeroTrustContext) ctx) : req,
                    res);
            return;
        }
        req.setAttribute(DECIDED, Boolean.TRUE);
        Outcome outcome;
        try {
            outcome = evaluate(req, res);
        } catch (TokenRejectedException e) {
            outcome = Outcome.deny(e.reason(), e.description(), null, null);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "zt failed while deciding {0} {1} ({2}: {3}); refusing the request",
                    req.getMethod(), RequestFirewall.applicationPath(req), e.getClass().getName(), e.getMessage());
            outcome = Outcome.deny(RejectionReason.ZT_UNAVAILABLE, "zt could not decide", null, null);
        }
        if (outcome == Outcome.HANDLED) {
            return;
        }
        if (outcome.context != null && outcome.reason == null) {
            req.setAttribute(ZeroTrustContext.ATTRIBUTE, outcome.context);
        }
        emit(req, outcome);
        if (outcome.reason == null) {
            proceed(chain, outcome.context == null ? req : new IdentityRequest(req, outcome.context), res);
            if (outcome.context != null && res.getStatus() == 403) {
                engine.risk().recordDenial(outcome.context.token(), outcome.context.session().orElse(null));
            }
            return;
        }
        if (outcome.context != null && outcome.reason.httpStatus() == 403) {
            engine.risk().recordDenial(outcome.context.token(), outcome.context.session().orElse(null));
        }
        audit(req, outcome);
        if (settings.reportOnly) {
            chain.doFilter(outcome.context == null ? req : new IdentityRequest(req, outcome.context), res);
            return;
        }
        refuse(req, res, outcome);
    }

    /**
     * Continues the chain; an {@link dev.zt.AccessDeniedException} or {@link dev.zt.StepUpRequiredException} thrown by
     * the application (e.g. zt-cdi's interceptors behind a servlet) is answered as the HTTP contract says.
     */
    private void proceed(FilterChain chain, HttpServletRequest req, HttpServletResponse res)
            throws IOException, ServletException {
        try {
            chain.doFilter(req, res);
        } catch (RuntimeException | ServletException | IOException e) {
            Problem problem = Problems.fromException(e, settings.realm);
            if (problem == null || res.isCommitted()) {
                throw e;
            }
            audit("request_denied", "reason", problem.status() == 401 ? RejectionReason.STEP_UP_REQUIRED.code()
                    : reasonOf(e), "status", Integer.toString(problem.status()), "method", req.getMethod(),
                    "path", RequestFirewall.applicationPath(req), "client", settings.clientAddresses.resolve(req));
            Problems.write(res, problem);
        }
    }

    private static String reasonOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof dev.zt.AccessDeniedException) {
                return ((dev.zt.AccessDeniedException) c).reason().code();
            }
        }
        return RejectionReason.ACCESS_DENIED.code();
    }

    /** What the filter decided: continue (reason null), refuse, or already answered (endpoints). */
    private static final class Outcome {
        static final Outcome HANDLED = new Outcome(null, null, null, null);
        final RejectionReason reason;
        final String detail;
        final Unmet failure;
        final ZeroTrustContext context;

        private Outcome(RejectionReason reason, String detail, Unmet failure, ZeroTrustContext context) {
            this.reason = reason;
            this.detail = detail;
            this.failure = failure;
            this.context = context;
        }

        static Outcome allow(ZeroTrustContext context) {
            return new Outcome(null, null, null, context);
        }

        static Outcome deny(RejectionReason reason, String detail, Unmet failure,
                ZeroTrustContext context) {
            return new Outcome(reason, detail, failure, context);
        }
    }

    /** A token and where it came from. */
    private static final class Presented {
        final String token;
        final boolean fromCookie;

        Presented(String token, boolean fromCookie) {
            this.token = token;
            this.fromCookie = fromCookie;
        }
    }

    private Outcome evaluate(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String problem = firewall.check(req);
        if (problem != null) {
            return Outcome.deny(RejectionReason.REQUEST_REJECTED, problem, null, null);
        }
        String path = RequestFirewall.applicationPath(req);
        String client = settings.clientAddresses.resolve(req);
        if ("POST".equals(req.getMethod()) && path.equals(settings.prefix + "/session")) {
            return createSession(req, res, client);
        }
        if ("POST".equals(req.getMethod()) && path.equals(settings.prefix + "/logout")) {
            return logout(req, res, client);
        }
        if ("POST".equals(req.getMethod()) && path.equals(settings.prefix + "/backchannel-logout")) {
            return backChannelLogout(req, res, client);
        }
        if (settings.isPublic(path)) {
            return Outcome.allow(null);
        }
        Presented presented = extract(req);
        if (presented == null) {
            return Outcome.deny(RejectionReason.TOKEN_MISSING, "no token was presented", null, null);
        }
        VerifiedToken token = engine.verifier().verify(presented.token);
        SessionRecord session = null;
        IssuedSession refreshed = null;
        if (engine.sessions().isSessionToken(token)) {
            SessionCheck check = engine.sessions().check(token);
            session = check.session();
            refreshed = check.refreshed().orElse(null);
            if (presented.fromCookie && !SAFE_METHODS.contains(req.getMethod())) {
                String csrf = csrfProblem(req, session);
                if (csrf != null) {
                    return Outcome.deny(RejectionReason.CSRF_REJECTED, csrf, null, null);
                }
            }
        } else if (presented.fromCookie) {
            return Outcome.deny(RejectionReason.INVALID_REQUEST, "the session cookie must hold a zt session token",
                    null, null);
        }
        Requirement requirement = settings.rules.requirementFor(req.getMethod(), path);
        Unmet failure = requirement.check(token, engine.clock().instant());
        if (failure != null) {
            ZeroTrustContext denied = new ZeroTrustContext(token, presented.token, session, client, null,
                    Decision.deny(failure.reason.code()));
            return Outcome.deny(failure.reason, failure.detail, failure, denied);
        }
        RiskContext risk = engine.risk().context(token, session, client, headerLocation(req))
                .userAgent(req.getHeader("User-Agent")).method(req.getMethod()).path(path)
                .deviceId(deviceId(req, token, presented.fromCookie)).build();
        Decision decision = engine.risk().evaluate(risk);
        ZeroTrustContext context = new ZeroTrustContext(token, presented.token, session, client,
                risk.country().orElse(null), decision);
        switch (decision.type()) {
            case STEP_UP:
                return Outcome.deny(RejectionReason.STEP_UP_REQUIRED, "step-up authentication required ("
                        + String.join(", ", decision.reasons()) + ")", Unmet.stepUp(
                                decision.acr().orElseThrow(), decision.maxAge().orElse(null), null), context);
            case DENY:
                RejectionReason why = decision.reasons().contains("rate_limited") ? RejectionReason.RATE_LIMITED
                        : decision.reasons().contains("risk_check_failed") ? RejectionReason.RISK_CHECK_FAILED
                        : RejectionReason.RISK_DENIED;
                return Outcome.deny(why, "denied by risk policy (" + String.join(", ", decision.reasons()) + ")",
                        null, context);
            case REVOKE_SESSION:
                return revokeForRisk(token, session, decision, context);
            default:
                break;
        }
        if (requirement.maxRisk() != null && decision.score() > requirement.maxRisk()) {
            return Outcome.deny(RejectionReason.ACCESS_DENIED, "the request's risk score is above "
                    + requirement.maxRisk() + " for this path", null, context);
        }
        if (refreshed != null) {
            res.setHeader(settings.refreshHeader, refreshed.token());
            if (presented.fromCookie) {
                setSessionCookie(res, refreshed);
            }
        }
        return Outcome.allow(context);
    }

    /** REVOKE_SESSION: the session (or, for an access token, the token itself) is revoked at once. */
    private Outcome revokeForRisk(VerifiedToken token, SessionRecord session, Decision decision,
            ZeroTrustContext context) {
        String reasons = String.join(", ", decision.reasons());
        if (session != null) {
            engine.sessions().revoke(session.id());
            return Outcome.deny(RejectionReason.SESSION_REVOKED, "the session was revoked by risk policy (" + reasons
                    + ")", null, context);
        }
        if (token.tokenId().isPresent()) {
            engine.verifier().revocationStore().revokeToken(token.issuer(), token.tokenId().get(),
                    token.expiresAt());
            return Outcome.deny(RejectionReason.TOKEN_REVOKED, "the token was revoked by risk policy (" + reasons
                    + ")", null, context);
        }
        return Outcome.deny(RejectionReason.RISK_DENIED, "denied by risk policy (" + reasons + ")", null, context);
    }

    /** The country a trusted proxy reported ({@code zt.geo.header}); believed only from {@code zt.trusted-proxies}. */
    private GeoLocation headerLocation(HttpServletRequest req) {
        if (settings.geoHeader == null || !settings.clientAddresses.isTrusted(req.getRemoteAddr())) {
            return null;
        }
        String country = req.getHeader(settings.geoHeader);
        if (country == null || !country.trim().matches("[A-Za-z]{2}")) {
            return null;
        }
        return GeoLocation.of(country.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The device: a {@code DeviceIdentifier} given in code; else the configured claim; else, for browser sessions
     * (cookie mode), the signed device cookie zt set when the session was created. Bearer API clients without the
     * claim have no device id (they are not challenged as new devices on every call).
     */
    private String deviceId(HttpServletRequest req, VerifiedToken token, boolean cookieMode) {
        if (engine.deviceIdentifier().isPresent()) {
            return engine.deviceIdentifier().get().identify(token, req::getHeader).orElse(null);
        }
        java.util.Optional<String> claimed = engine.config().risk().deviceClaim().flatMap(token::claim)
                .map(String::valueOf);
        if (claimed.isPresent()) {
            return claimed.get();
        }
        if (!cookieMode) {
            return null;
        }
        try {
            return settings.devices.verify(cookie(req, settings.deviceCookie)).orElse(null);
        } catch (TokenRejectedException e) {
            return null;
        }
    }

    /** Sets the signed device cookie for a browser that has none (or an invalid one). */
    private void ensureDeviceCookie(HttpServletRequest req, HttpServletResponse res) {
        String current;
        try {
            current = cookie(req, settings.deviceCookie);
        } catch (TokenRejectedException e) {
            current = null;
        }
        if (settings.devices.verify(current).isEmpty()) {
            res.addHeader("Set-Cookie", settings.deviceCookie + "=" + settings.devices.mint()
                    + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000");
        }
    }

    /** Finds the token: one {@code Authorization: Bearer} header and/or the session cookie; never the query. */
    private Presented extract(HttpServletRequest req) {
        List<String> authorizations = Collections.list(req.getHeaders("Authorization"));
        String bearer = null;
        if (authorizations.size() > 1) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "more than one Authorization header");
        }
        if (authorizations.size() == 1) {
            String h = authorizations.get(0).trim();
            if (h.length() > 7 && h.substring(0, 7).equalsIgnoreCase("bearer ")) {
                bearer = h.substring(7).trim();
                if (bearer.isEmpty() || !bearer.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "malformed bearer token");
                }
            } else if (h.equalsIgnoreCase("bearer")) {
                throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "empty bearer token");
            }
        }
        String cookie = cookie(req, settings.cookieName);
        if (bearer != null && cookie != null && !bearer.equals(cookie)) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "two different tokens were presented");
        }
        if (bearer != null) {
            return new Presented(bearer, false);
        }
        return cookie == null ? null : new Presented(cookie, true);
    }

    private static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        String found = null;
        for (Cookie c : cookies) {
            if (c.getName().equals(name)) {
                if (found != null && !found.equals(c.getValue())) {
                    throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "the session cookie was sent"
                            + " twice with different values");
                }
                found = c.getValue();
            }
        }
        return found == null || found.isEmpty() ? null : found;
    }

    /** Same-origin check plus the double-submit token bound to the session; {@code null} when it passes. */
    private String csrfProblem(HttpServletRequest req, SessionRecord session) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "cross-site request (Sec-Fetch-Site " + site.toLowerCase(Locale.ROOT) + ")";
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(req))) {
            return "the request comes from another origin";
        }
        String submitted = req.getHeader(settings.csrfHeader);
        String type = req.getContentType();
        if (submitted == null && type != null && type.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
            submitted = req.getParameter(settings.csrfParameter); // HTML forms cannot send headers
        }
        if (submitted == null || !MessageDigest.isEqual(submitted.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            return "missing or wrong " + settings.csrfHeader + " header (or " + settings.csrfParameter
                    + " form field)";
        }
        return null;
    }

    private static String ownOrigin(HttpServletRequest req) {
        String host = req.getHeader("Host");
        return req.getScheme() + "://" + (host != null ? host : req.getServerName() + ":" + req.getServerPort());
    }

    /**
     * {@code POST {prefix}/session}: exchanges an access token for a session. When the browser already holds a
     * session of the same subject (cookie), that session is stepped up instead: its {@code acr} and {@code auth_time}
     * rise to the new token's (RFC 9470 step-up completed at the identity provider).
     */
    private Outcome createSession(HttpServletRequest req, HttpServletResponse res, String client) throws IOException {
        List<String> authorizations = Collections.list(req.getHeaders("Authorization"));
        if (authorizations.size() != 1 || !authorizations.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Outcome.deny(authorizations.size() > 1 ? RejectionReason.INVALID_REQUEST
                    : RejectionReason.TOKEN_MISSING, "send one access token as Authorization: Bearer", null, null);
        }
        String bearer = authorizations.get(0).substring(7).trim();
        VerifiedToken token = engine.verifier().verify(bearer);
        if (engine.sessions().isSessionToken(token)) {
            return Outcome.deny(RejectionReason.INVALID_REQUEST, "a session is created from an access token, not from"
                    + " a session token", null, null);
        }
        IssuedSession session = stepUpExisting(req, token);
        boolean steppedUp = session != null;
        if (session == null) {
            session = engine.sessions().create(token);
        }
        boolean cookieMode = steppedUp || "cookie".equals(req.getParameter("mode"));
        if (cookieMode) {
            ensureDeviceCookie(req, res);
            setSessionCookie(res, session);
            res.addHeader("Set-Cookie", settings.csrfCookie + "=" + session.csrfToken()
                    + "; Path=/; Secure; SameSite=Strict; Max-Age=" + engine.config().session().maxLifetime().toSeconds());
        }
        long expiresIn = Math.max(0, Duration.between(engine.clock().instant(), session.expiresAt()).toSeconds());
        String body = "{\"session_token\":\"" + session.token() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn + (cookieMode ? ",\"csrf_token\":\"" + session.csrfToken() + "\"" : "") + "}";
        res.setStatus(200);
        res.setHeader("Cache-Control", "no-store");
        res.setContentType("application/json");
        res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        audit(steppedUp ? "session_stepped_up" : "session_created", "sub", token.subject().orElse(""), "sid",
                session.sessionId(), "acr", token.acr().orElse(""), "client", client);
        return Outcome.HANDLED;
    }

    private IssuedSession stepUpExisting(HttpServletRequest req, VerifiedToken accessToken) {
        String cookieToken;
        try {
            cookieToken = cookie(req, settings.cookieName);
        } catch (TokenRejectedException e) {
            return null;
        }
        if (cookieToken == null || accessToken.acr().isEmpty()) {
            return null;
        }
        try {
            VerifiedToken current = engine.verifier().verify(cookieToken);
            if (!engine.sessions().isSessionToken(current) || !current.subject().equals(accessToken.subject())) {
                return null;
            }
            SessionCheck check = engine.sessions().check(current);
            return engine.sessions().stepUp(check.session().id(), accessToken.acr().get(),
                    accessToken.authTime().orElse(engine.clock().instant()));
        } catch (TokenRejectedException e) {
            return null; // the old session is unusable: a new one is created
        }
    }

    private Outcome logout(HttpServletRequest req, HttpServletResponse res, String client) throws IOException {
        Presented presented = extract(req);
        if (presented == null) {
            return Outcome.deny(RejectionReason.TOKEN_MISSING, "no session token was presented", null, null);
        }
        VerifiedToken token = engine.verifier().verify(presented.token);
        if (!engine.sessions().isSessionToken(token)) {
            return Outcome.deny(RejectionReason.INVALID_REQUEST, "logout needs a zt session token", null, null);
        }
        SessionCheck check = engine.sessions().check(token);
        if (presented.fromCookie) {
            String csrf = csrfProblem(req, check.session());
            if (csrf != null) {
                return Outcome.deny(RejectionReason.CSRF_REJECTED, csrf, null, null);
            }
        }
        engine.sessions().revoke(check.session().id());
        res.addHeader("Set-Cookie", settings.cookieName + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        res.addHeader("Set-Cookie", settings.csrfCookie + "=; Path=/; Secure; SameSite=Strict; Max-Age=0");
        res.setHeader("Cache-Control", "no-store");
        audit("session_revoked", "cause", "logout", "sid", check.session().id(), "client", client);
        String accept = req.getHeader("Accept");
        if (settings.loginUrl != null && accept != null && accept.contains("text/html")) {
            res.sendRedirect(redirect(req, settings.loginUrl, "")); // a browser's sign-out form lands on the login page
            return Outcome.HANDLED;
        }
        res.setStatus(204);
        return Outcome.HANDLED;
    }

    /**
     * {@code POST {prefix}/backchannel-logout}: an identity provider ends a user's session (OpenID Connect Back-Channel
     * Logout 1.0): the form field {@code logout_token} is verified and the provider session's tokens, and the zt
     * sessions exchanged from them, are revoked. Answers 200, 400 with {@code error} and zt's {@code reason} for a
     * refused token (section 2.8), or 503 when the issuer's keys or the revocation store are unavailable (the provider
     * may retry).
     */
    private Outcome backChannelLogout(HttpServletRequest req, HttpServletResponse res, String client)
            throws IOException {
        res.setHeader("Cache-Control", "no-store");
        String[] values = req.getParameterValues("logout_token");
        try {
            if (values == null || values.length != 1) {
                throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "send one logout_token form field");
            }
            VerifiedToken logout = engine.verifier().verifyLogoutToken(values[0]);
            engine.sessions().logout(logout);
            audit("session_revoked", "cause", "backchannel_logout", "issuer", logout.issuerName(),
                    "sid", logout.sessionId().orElse(""), "sub", logout.subject().orElse(""), "client", client);
            res.setStatus(200);
        } catch (TokenRejectedException e) {
            // 503 (key set or store unavailable): the provider may retry; anything else is a refused token (2.8)
            boolean unavailable = e.reason().httpStatus() == 503;
            audit("logout_rejected", "reason", e.reason().code(), "client", client);
            if (unavailable) {
                res.setHeader("Retry-After", Long.toString(settings.retryAfterSeconds));
            }
            res.setStatus(unavailable ? 503 : 400);
            res.setContentType("application/json");
            String body = "{\"error\":" + json(unavailable ? "temporarily_unavailable" : "invalid_request")
                    + ",\"error_description\":" + json(e.description()) + ",\"reason\":" + json(e.reason().code())
                    + "}";
            res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        return Outcome.HANDLED;
    }

    private void setSessionCookie(HttpServletResponse res, IssuedSession session) {
        long maxAge = Math.max(0, Duration.between(engine.clock().instant(), session.expiresAt()).toSeconds());
        res.addHeader("Set-Cookie", settings.cookieName + "=" + session.token()
                + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" + maxAge);
    }

    private void refuse(HttpServletRequest req, HttpServletResponse res, Outcome outcome) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        if (outcome.reason == RejectionReason.STEP_UP_REQUIRED && settings.stepUpUrl != null
                && isBrowserNavigation(req) && outcome.failure != null && outcome.failure.acr != null) {
            res.setHeader("Cache-Control", "no-store");
            res.sendRedirect(redirect(req, settings.stepUpUrl, "acr_values="
                    + URLEncoder.encode(outcome.failure.acr, StandardCharsets.UTF_8) + "&"));
            return;
        }
        if (outcome.reason.httpStatus() == 401 && settings.loginUrl != null && isBrowserNavigation(req)) {
            res.setHeader("Cache-Control", "no-store");
            res.sendRedirect(redirect(req, settings.loginUrl, ""));
            return;
        }
        Unmet f = outcome.failure;
        Problems.write(res, Problem.of(outcome.reason, outcome.detail, settings.realm, settings.retryAfterSeconds,
                f == null ? null : f.scopes, f == null ? null : f.acr, f == null ? null : f.maxAge));
    }

    private static boolean isBrowserNavigation(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return "GET".equals(req.getMethod()) && accept != null && accept.contains("text/html")
                && req.getHeader("Authorization") == null;
    }

    /** A configured URL with a same-origin return path: always the request's own path, never a caller-chosen URL. */
    private static String redirect(HttpServletRequest req, String url, String extraParams) {
        String back = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        String target = url.startsWith("/") ? req.getContextPath() + url : url;
        return target + (target.contains("?") ? "&" : "?") + extraParams + "return="
                + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }

    /** One {@link SecurityEvent} per decided request, for monitoring (allowed requests at DEBUG in the audit log). */
    private void emit(HttpServletRequest req, Outcome outcome) {
        ZeroTrustContext ctx = outcome.context;
        if (outcome.reason != null) {
            engine.risk().countReason(outcome.reason.code());
        }
        if (ctx == null && outcome.reason == null) {
            return; // public path
        }
        Decision d = ctx == null ? null : ctx.decision();
        String decision = outcome.reason == null ? "ALLOW" : outcome.reason == RejectionReason.STEP_UP_REQUIRED
                ? "STEP_UP" : d != null && d.type() == Decision.Type.REVOKE_SESSION ? "REVOKE_SESSION" : "DENY";
        if (!engine.risk().wantsEvent(decision)) {
            return; // no listener, and the audit log is off for it (allowed requests log at DEBUG)
        }
        java.util.List<String> reasons = new java.util.ArrayList<>();
        if (outcome.reason != null) {
            reasons.add(outcome.reason.code());
        }
        if (d != null) {
            for (String r : d.reasons()) {
                if (!reasons.contains(r)) {
                    reasons.add(r);
                }
            }
        }
        engine.risk().emit(new SecurityEvent(engine.clock().instant(), "request_decision",
                ctx == null ? null : ctx.subject().orElse(null),
                ctx == null ? null : ctx.session().map(SessionRecord::id).orElse(null),
                settings.clientAddresses.resolve(req), ctx == null ? null : ctx.country().orElse(null),
                req.getMethod(), RequestFirewall.applicationPath(req), decision, reasons, d == null ? 0 : d.score(),
                engine.risk().policyVersion()));
    }

    private void audit(HttpServletRequest req, Outcome outcome) {
        audit("request_denied", "reason", outcome.reason.code(), "status", Integer.toString(outcome.reason.httpStatus()),
                "method", req.getMethod(), "path", RequestFirewall.applicationPath(req),
                "client", settings.clientAddresses.resolve(req),
                "sub", outcome.context == null ? "" : outcome.context.subject().orElse(""),
                "mode", settings.reportOnly ? "report-only" : "enforce");
    }

    /** One JSON line on the {@code dev.zt.audit} logger; values are escaped, tokens never passed. */
    private void audit(String event, String... pairs) {
        if (!AUDIT.isLoggable(Level.INFO)) {
            return;
        }
        StringBuilder sb = new StringBuilder(160).append("{\"event\":").append(json(event))
                .append(",\"time\":").append(json(Instant.now(engine.clock()).toString()));
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            sb.append(',').append(json(pairs[i])).append(':').append(json(pairs[i + 1]));
        }
        AUDIT.log(Level.INFO, sb.append('}').toString());
    }

    /** A JSON string of at most 300 characters (audit values come from requests). */
    private static String json(String s) {
        return StrictJson.quote(new StringBuilder(Math.min(s.length(), 300) + 2), s, 300).toString();
    }
}
