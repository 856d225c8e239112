package dev.zt.filter.internal.oidc;

import dev.zt.internal.net.JsonHttp;
import dev.zt.ZeroTrust;
import dev.zt.filter.internal.pipeline.DeviceStage;
import dev.zt.filter.internal.pipeline.Events;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.ProviderLogin;
import dev.zt.filter.internal.pipeline.SessionCookies;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.filter.internal.request.Cookies;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.filter.internal.settings.LoginSettings;
import dev.zt.internal.json.StrictJson;
import dev.zt.policy.Verdict;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionView;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * zt as an OpenID Connect relying party for browser navigations (OpenID Connect Core 1.0 authorization code flow with
 * PKCE, RFC 9700's recommendations for clients). {@link #start} sends a browser without a usable session (or one that
 * must step up) to the provider's authorization endpoint; {@link #callback} completes the login at
 * {@code GET {prefix}/callback}: it checks the browser's sealed login state ({@code state}, single use on every node),
 * the provider's {@code iss} (RFC 9207), exchanges the code with the client secret and the PKCE verifier, verifies the
 * ID token (issuer, audience, {@code azp}, {@code nonce}, times, {@code at_hash}) and the access token with zt's own
 * verifier, then creates the cookie-mode zt session (or steps the browser's session up) and sends the browser back to
 * the page it asked for, same origin only. Every refusal is an HTML page with a reason and one audit event: never a
 * 500, never a redirect loop.
 */
public final class BrowserLogin implements ProviderLogin {

    /** The name prefix of the login cookies (one per login in progress, at most {@value #MAX_PENDING}). */
    public static final String COOKIE_PREFIX = "__Host-zt-login-";
    /** Logins one browser may have in progress (tabs); more clear the others. */
    static final int MAX_PENDING = 3;
    private static final int MAX_RETURN_CHARS = 2048;

    private final ZeroTrust engine;
    private final FilterSettings settings;
    private final LoginSettings login;
    private final Events events;
    private final SessionCookies cookies;
    private final DeviceStage devices;
    private final Discovery discovery;
    private final JsonHttp http;
    private final LoginState.Sealer sealer;

    /** Creates the login of the filter's settings (which hold a login issuer), with what the filter wired. */
    public BrowserLogin(Wiring w) {
        this.engine = w.engine;
        this.settings = w.settings;
        this.login = w.settings.login;
        this.events = w.events;
        this.cookies = w.cookies;
        this.devices = w.devices;
        this.http = new JsonHttp(engine.config().jwks().connectTimeout(), engine.config().jwks().readTimeout(),
                engine.config().jwks().maxBytes());
        this.discovery = new Discovery(login.issuer.issuer(), http, engine.config().jwks(), engine.clock());
        this.sealer = new LoginState.Sealer(login.sealingMaterial());
    }

    /**
     * Sends the browser to the provider to log in, or, with {@code acr}, to step up to it (OpenID Connect Core 1.0,
     * section 3.1.2.1: {@code acr_values}, {@code max_age}); an error page when the provider is unavailable or this
     * client started too many logins in the last minute ({@code zt.session.create-rate.per-client}).
     */
    @Override
    public void start(Exchange x, String acr, Duration maxAge) throws IOException {
        HttpServletResponse res = x.response();
        int recent = engine.risk().windows().recordEvent("login-start client " + x.client(), Duration.ofMinutes(1));
        if (recent > engine.config().session().createPerClient() && !engine.reportOnly()) {
            fail(x, RejectionReason.RATE_LIMITED, recent + " logins started from this client in the last minute"
                    + " (zt.session.create-rate.per-client)");
            return;
        }
        ProviderMetadata provider;
        try {
            provider = discovery.get();
        } catch (Discovery.UnavailableException e) {
            fail(x, RejectionReason.IDP_UNAVAILABLE, e.getMessage());
            return;
        }
        HttpServletRequest req = x.request();
        String back = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        if (back.length() > MAX_RETURN_CHARS) {
            back = root(req);
        }
        String state = sealer.random(32);
        String nonce = sealer.random(32);
        String verifier = sealer.random(32);
        String redirectUri = redirectUri(req);
        long expires = engine.clock().instant().plus(login.loginTimeout).getEpochSecond();
        LoginState ls = new LoginState(state, nonce, verifier, back, redirectUri, acr,
                acr == null || maxAge == null ? -1 : maxAge.toSeconds(), expires,
                x.session() == null ? null : x.session().id());
        clearPending(x, false);
        res.addHeader("Set-Cookie", cookieName(state) + "=" + sealer.seal(ls) + "; Path=/; Secure; HttpOnly;"
                + " SameSite=Lax; Max-Age=" + login.loginTimeout.toSeconds());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", login.clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", login.scope);
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", challenge(verifier));
        params.put("code_challenge_method", "S256");
        if (acr != null) {
            params.put("acr_values", acr);
            if (maxAge != null) {
                params.put("max_age", Long.toString(maxAge.toSeconds()));
            }
        }
        StringBuilder location = new StringBuilder(provider.authorizationEndpoint.toString());
        char sep = provider.authorizationEndpoint.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> p : params.entrySet()) {
            location.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(),
                    StandardCharsets.UTF_8));
            sep = '&';
        }
        res.setHeader("Cache-Control", "no-store");
        res.setStatus(302);
        res.setHeader("Location", location.toString());
        events.emit(events.of(x, "login_started").issuer(login.issuer.name())
                .detail(acr == null ? "login" : "step-up to acr " + acr));
    }

    /** {@code GET {prefix}/callback}: completes a login (always answered here: a page, a redirect or an error page). */
    @Override
    public void callback(Exchange x) throws IOException {
        x.response().setHeader("Referrer-Policy", "no-referrer"); // the URL holds the code and state
        Map<String, String> q;
        try {
            q = query(x.request().getQueryString());
        } catch (IllegalArgumentException e) {
            fail(x, RejectionReason.LOGIN_FAILED, e.getMessage());
            return;
        }
        String state = q.get("state");
        LoginState ls = state == null ? null : opened(x, state);
        if (ls != null) {
            x.response().addHeader("Set-Cookie", cookieName(state) + "=; Path=/; Secure; HttpOnly; SameSite=Lax;"
                    + " Max-Age=0"); // used or refused: either way it is done
        }
        try {
            complete(x, q, ls);
        } catch (TokenRejectedException e) {
            fail(x, e.reason(), e.description());
        }
    }

    private void complete(Exchange x, Map<String, String> q, LoginState ls) throws IOException {
        String error = q.get("error");
        if (error != null) {
            throw failed("the identity provider answered error=" + safe(error) + (q.containsKey("error_description")
                    ? " (" + safe(q.get("error_description")) + ")" : ""));
        }
        if (q.get("state") == null) {
            throw failed("the callback has no state");
        }
        if (ls == null) {
            throw failed("no login of this browser has this state (expired, completed, or started elsewhere)");
        }
        Instant now = engine.clock().instant();
        if (now.getEpochSecond() >= ls.expiresAt) {
            throw failed("the login took longer than zt.oidc.login-timeout");
        }
        ProviderMetadata provider;
        try {
            provider = discovery.get();
        } catch (Discovery.UnavailableException e) {
            throw new TokenRejectedException(RejectionReason.IDP_UNAVAILABLE, e.getMessage());
        }
        String iss = q.get("iss");
        if (iss != null ? !iss.equals(login.issuer.issuer()) : provider.issParameter) {
            throw failed(iss == null ? "the provider sends iss with its answers, and this one has none (RFC 9207)"
                    : "the answer's iss is not the login issuer (RFC 9207: mix-up)");
        }
        String code = q.get("code");
        if (code == null || code.isEmpty()) {
            throw failed("the callback has no code");
        }
        boolean first;
        try {
            first = engine.replays().firstUse("oidc-state " + ls.state, Instant.ofEpochSecond(ls.expiresAt));
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the replay cache could not answer ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (!first) {
            throw failed("this login was completed before (a replayed callback)");
        }
        Map<String, Object> tokens = exchange(provider, code, ls, "authorization_code");
        String idToken = text(tokens, "id_token");
        VerifiedToken id = verified(() -> engine.verifier().verifyIdToken(idToken, login.issuer.name(), ls.nonce),
                "ID token");
        String accessToken = text(tokens, "access_token");
        checkAtHash(id, accessToken);
        VerifiedToken access = verified(() -> engine.verifier().verify(accessToken), "access token");
        if (ls.acr != null) {
            checkStepUp(id, ls, now);
        }
        Object refresh = tokens.get("refresh_token");
        if (login.idpSessionCheck != null && !(refresh instanceof String && !((String) refresh).isEmpty())) {
            throw failed("the provider returned no refresh token, so its session cannot be re-checked (ask for one,"
                    + " e.g. zt.oidc.scopes=offline_access, or set zt.oidc.idp-session-check=off)");
        }
        String grant = sealer.sealGrant(new ProviderGrant(login.idpSessionCheck == null ? null : (String) refresh,
                idToken, now.getEpochSecond(), false));
        establish(x, id, access, ls, grant);
    }

    /** The browser's session stepped up from the ID token, or a new session; cookies set; back to the page. */
    private void establish(Exchange x, VerifiedToken id, VerifiedToken access, LoginState ls, String grant)
            throws IOException {
        String presented = devices.presented(x.cookies());
        String device = presented != null ? presented : devices.mint(x);
        String current = ls.sessionId != null && engine.sessions().find(ls.sessionId).filter(v -> !v.revoked())
                .isPresent() ? ls.sessionId : currentSessionId(x);
        Optional<IssuedSession> steppedUp = current == null ? Optional.empty()
                : engine.sessions().stepUp(current, id, device);
        IssuedSession session;
        if (steppedUp.isPresent()) {
            session = steppedUp.get();
            engine.sessions().providerChecked(session.sessionId(), grant, engine.clock().instant());
        } else {
            if (current != null) {
                engine.sessions().revoke(current); // another user (or issuer) logged in in this browser
            }
            session = engine.sessions().create(id, access, grant);
            engine.sessions().bindDevice(session.sessionId(), device);
        }
        HttpServletResponse res = x.response();
        cookies.setAll(res, session);
        events.emit(events.of(x, steppedUp.isPresent() ? "session_stepped_up" : "session_created")
                .subject(id.subject().orElse(null)).issuer(id.issuerName()).sessionId(session.sessionId())
                .deviceId(device).detail("browser login, acr " + id.acr().orElse("-")));
        LoginPages.proceed(res, returnTo(x.request(), ls.returnTo));
    }

    /** The code exchange at the token endpoint (RFC 6749 section 4.1.3, RFC 7636 section 4.5). */
    private Map<String, Object> exchange(ProviderMetadata provider, String code, LoginState ls, String grantType) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        if (ls == null) {
            form.put("refresh_token", code);
        } else {
            form.put("code", code);
            form.put("redirect_uri", ls.redirectUri);
            form.put("code_verifier", ls.verifier);
        }
        JsonHttp.Answer a;
        try {
            if (login.clientSecret != null) {
                a = http.postForm(provider.tokenEndpoint, form, login.clientId, login.clientSecret);
            } else {
                form.put("client_id", login.clientId);
                form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                form.put("client_assertion", clientAssertion(provider));
                a = http.postForm(provider.tokenEndpoint, form, null, null);
            }
        } catch (IOException e) {
            throw new TokenRejectedException(RejectionReason.IDP_UNAVAILABLE, "the token endpoint "
                    + provider.tokenEndpoint + " could not be reached (" + e.getMessage() + ")");
        }
        Map<String, Object> body;
        try {
            body = StrictJson.parseObject(a.body);
        } catch (RuntimeException e) {
            body = Map.of();
        }
        if (a.status >= 500) {
            throw new TokenRejectedException(RejectionReason.IDP_UNAVAILABLE, "the token endpoint answered HTTP "
                    + a.status);
        }
        if (a.status != 200) {
            Object err = body.get("error");
            throw failed("the token endpoint refused the " + (ls == null ? "refresh token" : "code") + ": HTTP "
                    + a.status + (err instanceof String ? " error=" + safe((String) err) : ""));
        }
        Object type = body.get("token_type");
        if (!(type instanceof String) || !((String) type).equalsIgnoreCase("Bearer")) {
            throw failed("the token endpoint's token_type is not Bearer");
        }
        return body;
    }

    /**
     * A {@code private_key_jwt} client assertion (RFC 7523 section 3, OpenID Connect Core 1.0 section 9): the client
     * as {@code iss} and {@code sub}, the token endpoint as {@code aud}, a fresh {@code jti}, valid for one minute.
     */
    private String clientAssertion(ProviderMetadata provider) {
        long now = engine.clock().instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", login.clientId);
        claims.put("sub", login.clientId);
        claims.put("aud", provider.tokenEndpoint.toString());
        claims.put("jti", sealer.random(16));
        claims.put("iat", now);
        claims.put("exp", now + 60);
        return login.clientKey.sign(claims);
    }

    /** The token as verified, or {@code login_failed} naming why (a provider outage stays a 503). */
    private static VerifiedToken verified(java.util.function.Supplier<VerifiedToken> verification, String what) {
        try {
            return verification.get();
        } catch (TokenRejectedException e) {
            if (e.reason().httpStatus() == 503) {
                throw e;
            }
            throw failed("the " + what + " of the login was refused: " + e.reason().code() + " ("
                    + e.description() + ")");
        }
    }

    /** {@code at_hash}, when the ID token has one (OpenID Connect Core 1.0, section 3.1.3.8 and 3.2.2.9). */
    private static void checkAtHash(VerifiedToken id, String accessToken) {
        Object atHash = id.claims().get("at_hash");
        if (atHash == null) {
            return;
        }
        String alg = id.algorithm();
        String digest = alg.endsWith("384") ? "SHA-384" : alg.endsWith("512") || alg.equals("EdDSA") ? "SHA-512"
                : "SHA-256";
        try {
            byte[] h = MessageDigest.getInstance(digest).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h,
                    h.length / 2));
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    String.valueOf(atHash).getBytes(StandardCharsets.US_ASCII))) {
                throw failed("the ID token's at_hash does not match the access token");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " missing", e);
        }
    }

    /**
     * A step-up login must have reached what was asked: exactly the {@code acr} (as zt's policies compare it) and,
     * with {@code max_age}, an {@code auth_time} that recent (section 3.1.2.1); otherwise the page would ask again and
     * again.
     */
    private void checkStepUp(VerifiedToken id, LoginState ls, Instant now) {
        if (!ls.acr.equals(id.acr().orElse(null))) {
            throw failed("the identity provider did not authenticate at acr " + safe(ls.acr) + " (it answered acr "
                    + safe(id.acr().orElse("-")) + ")");
        }
        if (ls.maxAge >= 0) {
            Instant authTime = id.authTime().orElseThrow(() -> failed("a login with max_age needs auth_time in the ID"
                    + " token"));
            Duration skew = login.issuer.clockSkew();
            if (authTime.isBefore(now.minusSeconds(ls.maxAge).minus(skew))) {
                throw failed("the identity provider's authentication is older than the max_age asked for");
            }
        }
    }

    /**
     * Re-checks the provider session behind a browser-login session when {@code zt.oidc.idp-session-check} has passed
     * since the provider last confirmed it: one request (on any node) claims the check and uses the refresh token at
     * the token endpoint (RFC 6749 section 6). A refused refresh (the user logged out, disabled or their session ended
     * at the provider) revokes the zt session ({@code session_revoked}). A provider that cannot be reached defers the
     * check once, by one interval; if it still cannot be reached then, requests are refused ({@code idp_unavailable})
     * until it answers.
     *
     * @return the refusal, or empty when the session may go on
     */
    @Override
    public Optional<Verdict> checkProviderSession(Exchange x) {
        SessionView s = x.session();
        Duration interval = login.idpSessionCheck;
        if (interval == null || s == null || s.providerCheckedAt().isEmpty()) {
            return Optional.empty();
        }
        Instant now = engine.clock().instant();
        Instant dueBefore = now.minus(interval);
        if (!s.providerCheckedAt().get().isBefore(dueBefore)) {
            return Optional.empty();
        }
        Optional<String> claimed = engine.sessions().claimProviderCheck(s.id(), dueBefore);
        if (claimed.isEmpty()) {
            return Optional.empty(); // another request is checking it, or did just now
        }
        ProviderGrant g = sealer.openGrant(claimed.get());
        if (g == null || g.refreshToken == null) {
            return Optional.of(ended(x, "its provider grant cannot be opened (the client secret changed?)"));
        }
        ProviderGrant confirmed;
        try {
            ProviderMetadata provider = discovery.get();
            Map<String, Object> tokens = exchange(provider, g.refreshToken, null, "refresh_token");
            VerifiedToken access = verified(() -> engine.verifier().verify(text(tokens, "access_token")),
                    "refreshed access token");
            if (!access.subject().filter(s.subject()::equals).isPresent()) {
                throw failed("the refreshed access token is for another sub");
            }
            Object rotated = tokens.get("refresh_token");
            Object idToken = tokens.get("id_token");
            confirmed = new ProviderGrant(rotated instanceof String ? (String) rotated : g.refreshToken,
                    idToken instanceof String ? (String) idToken : g.idToken, now.getEpochSecond(), false);
        } catch (Discovery.UnavailableException e) {
            return unreachable(x, g, claimed.get(), s.providerCheckedAt().get(), e.getMessage());
        } catch (TokenRejectedException e) {
            if (e.reason().httpStatus() == 503) {
                return unreachable(x, g, claimed.get(), s.providerCheckedAt().get(), e.description());
            }
            return Optional.of(ended(x, e.description()));
        }
        engine.sessions().providerChecked(s.id(), sealer.sealGrant(confirmed), now);
        return Optional.empty();
    }

    /** The provider ended the session: so does zt. */
    private Verdict ended(Exchange x, String why) {
        engine.sessions().revoke(x.session().id());
        events.emit(events.of(x, "session_revoked").issuer(login.issuer.name())
                .detail("idp_session_check: " + why));
        return Verdict.refuse(RejectionReason.SESSION_REVOKED, "the identity provider no longer vouches for the"
                + " session: " + why);
    }

    /**
     * The provider could not be reached for a due check: the first time since its last confirmation the check is
     * deferred by one interval (the session goes on); if it still cannot be reached then, the request is refused and
     * the claim given back, so that the next request tries again.
     */
    private Optional<Verdict> unreachable(Exchange x, ProviderGrant g, String grant, Instant checkedAt, String why) {
        String sid = x.session().id();
        if (!g.deferred) {
            engine.sessions().providerChecked(sid, sealer.sealGrant(g.deferring()), engine.clock().instant());
            events.emit(events.of(x, "idp_session_check_deferred").issuer(login.issuer.name()).detail(why));
            return Optional.empty();
        }
        engine.sessions().providerChecked(sid, grant, checkedAt);
        long since = engine.clock().instant().getEpochSecond() - g.confirmedAt;
        return Optional.of(Verdict.refuse(RejectionReason.IDP_UNAVAILABLE, "the provider session was last confirmed "
                + since + " s ago, a check was deferred since, and the provider still cannot be reached: " + why));
    }

    /**
     * Where a browser goes after logging out of a browser-login session: the provider's {@code end_session_endpoint}
     * with {@code id_token_hint}, {@code client_id} and {@code post_logout_redirect_uri} (OpenID Connect RP-Initiated
     * Logout 1.0, section 2), when the provider has one and the grant holds the ID token; else empty.
     */
    @Override
    public Optional<String> endSession(Exchange x, String sealedGrant) {
        ProviderGrant g = sealedGrant == null ? null : sealer.openGrant(sealedGrant);
        if (g == null || g.idToken == null) {
            return Optional.empty();
        }
        ProviderMetadata provider;
        try {
            provider = discovery.get();
        } catch (Discovery.UnavailableException e) {
            events.emit(events.of(x, "logout_incomplete").issuer(login.issuer.name()).detail(e.getMessage()));
            return Optional.empty();
        }
        if (provider.endSessionEndpoint == null) {
            return Optional.empty();
        }
        HttpServletRequest req = x.request();
        String back = login.postLogoutRedirectUri != null ? login.postLogoutRedirectUri.toString()
                : origin(req) + root(req);
        return Optional.of(provider.endSessionEndpoint + (provider.endSessionEndpoint.getRawQuery() == null ? "?" : "&")
                + "id_token_hint=" + URLEncoder.encode(g.idToken, StandardCharsets.UTF_8) + "&client_id="
                + URLEncoder.encode(login.clientId, StandardCharsets.UTF_8) + "&post_logout_redirect_uri="
                + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }

    /** The session of the browser's session cookie, when it holds a usable one. */
    private String currentSessionId(Exchange x) {
        try {
            String value = x.cookies().single(settings.cookieName);
            if (value == null) {
                return null;
            }
            VerifiedToken current = engine.verifier().verify(value);
            return engine.sessions().isSessionToken(current) ? engine.sessions().check(current).session().id() : null;
        } catch (TokenRejectedException | Cookies.DuplicateCookieException e) {
            return null; // the old session is unusable: a new one is created
        }
    }

    /** The sealed state of the browser's login cookie for this {@code state}, or null. */
    private LoginState opened(Exchange x, String state) {
        String value;
        try {
            value = x.cookies().single(cookieName(state));
        } catch (Cookies.DuplicateCookieException e) {
            return null;
        }
        LoginState ls = sealer.open(value);
        return ls != null && MessageDigest.isEqual(ls.state.getBytes(StandardCharsets.US_ASCII),
                state.getBytes(StandardCharsets.US_ASCII)) ? ls : null;
    }

    /** Clears the browser's pending logins when it has too many (or all, when asked). */
    private void clearPending(Exchange x, boolean all) {
        List<String> pending = new ArrayList<>();
        for (jakarta.servlet.http.Cookie c : Optional.ofNullable(x.request().getCookies())
                .orElse(new jakarta.servlet.http.Cookie[0])) {
            if (c.getName().startsWith(COOKIE_PREFIX) && !pending.contains(c.getName())) {
                pending.add(c.getName());
            }
        }
        if (all || pending.size() >= MAX_PENDING) {
            for (String name : pending) {
                x.response().addHeader("Set-Cookie", name + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
            }
        }
    }

    /** The login cookie of a state: one per login, so that logins in several tabs do not overwrite each other. */
    static String cookieName(String state) {
        String tag = state.length() > 12 ? state.substring(0, 12) : state;
        return COOKIE_PREFIX + tag.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** The configured redirect URI, else the callback on the request's own scheme, host and port. */
    private String redirectUri(HttpServletRequest req) {
        if (login.redirectUri != null) {
            return login.redirectUri.toString();
        }
        return origin(req) + req.getContextPath() + settings.prefix + "/callback";
    }

    /** The request's own scheme, host and port. */
    private static String origin(HttpServletRequest req) {
        String scheme = req.getScheme().toLowerCase(Locale.ROOT);
        int port = req.getServerPort();
        boolean defaultPort = scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String host = req.getServerName();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** A path of this application to return to: the recorded one when it is a same-origin path, else the root. */
    static String returnTo(HttpServletRequest req, String recorded) {
        boolean sameOrigin = recorded != null && recorded.startsWith("/") && !recorded.startsWith("//")
                && recorded.chars().noneMatch(c -> c == '\\' || c < 0x21 || c == 0x7f)
                && recorded.startsWith(req.getContextPath() + "/");
        return sameOrigin ? recorded : root(req);
    }

    private static String root(HttpServletRequest req) {
        return req.getContextPath() + "/";
    }

    /** The PKCE {@code S256} challenge of a verifier (RFC 7636 section 4.2). */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /**
     * The query's parameters, percent-decoded; a parameter sent twice is refused (RFC 6749 section 3.1), and so is a
     * query longer than 8 KiB or with more than 20 parameters.
     */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 8192) {
            throw new IllegalArgumentException("the callback's query is too long");
        }
        String[] pairs = raw.split("&");
        if (pairs.length > 20) {
            throw new IllegalArgumentException("the callback has too many parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(name, value) != null) {
                throw new IllegalArgumentException("the callback's parameter " + safe(name) + " is sent twice");
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8); // malformed escapes: IllegalArgumentException
    }

    private static String text(Map<String, Object> tokens, String name) {
        Object v = tokens.get(name);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw failed("the token endpoint's answer has no " + name);
        }
        return (String) v;
    }

    private static TokenRejectedException failed(String why) {
        return new TokenRejectedException(RejectionReason.LOGIN_FAILED, why);
    }

    /** A provider's text for the audit log: printable ASCII, at most 100 characters. */
    private static String safe(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    /** Refuses with an HTML page and one {@code login_failed} event. */
    private void fail(Exchange x, RejectionReason reason, String detail) throws IOException {
        engine.events().countReason(reason.code());
        events.emit(events.of(x, "login_failed").issuer(login.issuer.name()).reason(reason.code())
                .status(reason.httpStatus()).detail(detail));
        LoginPages.error(x.response(), reason, root(x.request()), settings.retryAfterSeconds);
    }

    /** The URI of the login issuer's discovery document (for logs and docs). */
    URI discoveryLocation() {
        return discovery.location();
    }
}
