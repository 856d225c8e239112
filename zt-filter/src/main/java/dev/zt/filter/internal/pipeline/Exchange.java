package dev.zt.filter.internal.pipeline;

import dev.zt.ZeroTrust;
import dev.zt.spi.risk.Decision;
import dev.zt.spi.store.StoreProvider;
import dev.zt.filter.internal.request.Cookies;
import dev.zt.filter.internal.request.Credential;
import dev.zt.policy.Verdict;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionView;
import dev.zt.token.Confirmation;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request on its way through the pipeline: the request model computed once (method, the decoded path the
 * container dispatches on, the client address, the cookies as sent, the credential) and what the stages established
 * (the verified token, the session and its refresh, the device, the risk decision). Confined to the request's thread.
 */
public final class Exchange {

    /** The request's store budget, kept so that the filter goes on spending what zt-cdi's mechanism began. */
    private static final String STORE_BUDGET = Exchange.class.getName() + ".storeBudget";

    final HttpServletRequest request;
    final HttpServletResponse response;
    final String method;
    /** When the filter began deciding ({@link System#nanoTime()}), for the latency histogram. */
    final long started = System.nanoTime();
    String path;
    String client;
    Cookies cookies;
    Credential credential;
    VerifiedToken token;
    Confirmation confirmation = Confirmation.none();
    SessionView session;
    String csrfToken;
    IssuedSession refreshed;
    String deviceId;
    Verdict deviceStepUp;
    Decision risk;
    String country;
    HttpServletRequest application;
    private StoreProvider.Budget storeWork = StoreProvider.Budget.NONE;

    /** Starts the exchange of a request. */
    public Exchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
        this.method = request.getMethod();
        this.application = request;
    }

    /**
     * Takes over what the authentication stages established for the same request in another exchange (zt-cdi's
     * mechanism authenticates before the filter runs).
     */
    void adopt(Exchange authenticated) {
        path = authenticated.path;
        client = authenticated.client;
        cookies = authenticated.cookies;
        credential = authenticated.credential;
        token = authenticated.token;
        confirmation = authenticated.confirmation;
        session = authenticated.session;
        csrfToken = authenticated.csrfToken;
        refreshed = authenticated.refreshed;
    }

    /**
     * Binds the request's store budget to this thread (a new one, or the one this request began in an earlier
     * exchange): every shared-store call zt makes for it until {@link #endStoreWork()} spends from one timeout.
     */
    public void beginStoreWork(ZeroTrust engine) {
        if (storeWork != StoreProvider.Budget.NONE) {
            return; // already bound by this exchange
        }
        Object had = request.getAttribute(STORE_BUDGET);
        StoreProvider.Budget b = engine.storeBudget(had instanceof StoreProvider.Budget ? (StoreProvider.Budget) had
                : null);
        if (b != StoreProvider.Budget.NONE && b != had) {
            request.setAttribute(STORE_BUDGET, b);
        }
        storeWork = b;
    }

    /** Unbinds the store budget (before the application runs); more than once does nothing. */
    public void endStoreWork() {
        StoreProvider.Budget b = storeWork;
        storeWork = StoreProvider.Budget.NONE;
        b.close();
    }

    /** The servlet request. */
    public HttpServletRequest request() {
        return request;
    }

    /** The servlet response. */
    public HttpServletResponse response() {
        return response;
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** The decoded application path, once the firewall passed it (else the raw request URI, for the audit log). */
    public String path() {
        return path != null ? path : request.getRequestURI();
    }

    /** The client address, once resolved (else the direct peer). */
    public String client() {
        return client != null ? client : request.getRemoteAddr();
    }

    /** The request's cookies as sent. */
    public Cookies cookies() {
        return cookies;
    }

    /** The presented credential, once found. */
    public Credential credential() {
        return credential;
    }

    /** The verified token, once verified. */
    public VerifiedToken token() {
        return token;
    }

    /** What the request proved beyond its token (DPoP key, client certificate). */
    public Confirmation confirmation() {
        return confirmation;
    }

    /** The zt session, when the token is a session token. */
    public SessionView session() {
        return session;
    }

    /** The session's CSRF token, when the token is a session token. */
    public String csrfToken() {
        return csrfToken;
    }

    /** A refreshed session token to hand the client, when the session rotated. */
    public IssuedSession refreshed() {
        return refreshed;
    }

    /** The device id, when established. */
    public String deviceId() {
        return deviceId;
    }

    /** The risk decision, once the risk engine was asked. */
    public Decision risk() {
        return risk;
    }

    /** The client's country, when located. */
    public String country() {
        return country;
    }

    /** The request the application receives (a form body zt read is replayed to it). */
    public HttpServletRequest application() {
        return application;
    }

    /** True for methods that change state (CSRF applies in cookie mode). */
    public boolean unsafe() {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /** A browser navigation: {@code GET} accepting HTML, without an {@code Authorization} header. */
    public boolean browserNavigation() {
        String accept = request.getHeader("Accept");
        return "GET".equals(method) && accept != null && accept.contains("text/html")
                && request.getHeader("Authorization") == null;
    }
}
