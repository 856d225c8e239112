package dev.zt.filter;

import dev.zt.ZeroTrust;
import dev.zt.ZeroTrustContext;
import dev.zt.filter.container.RequestAttributes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * zt's Policy Enforcement Point (NIST SP 800-207) for a web application: add it to {@code web.xml} on {@code /*} and
 * every request — from a browser, an API client or another internal service — must prove itself.
 *
 * <p>Per request, in this order of small stages: the request firewall and the request model (the decoded path the
 * container dispatches on, the client address through {@code zt.trusted-proxies}; 400 {@code request_rejected});
 * zt's endpoints under {@code zt.endpoints.prefix}; public paths ({@code zt.public-paths}, none by default); the token
 * from {@code Authorization: Bearer} or the session cookie (never the query string); verification; the zt session
 * (refresh, rotation, idle and absolute limits); CSRF in cookie mode; the device; the risk engine; authorization (path
 * rules from {@code zt.rules} and the risk decision: grants, risk, {@code max-risk}, step-ups last). Then the request
 * continues with {@code getUserPrincipal()}, {@code isUserInRole()} and {@code getAuthType()} reflecting the token and
 * a {@link ZeroTrustContext} published as request attribute {@value ZeroTrustContext#ATTRIBUTE}.
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

    /** Request attribute: the client address zt resolved through trusted proxies (every request zt lets pass). */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = RequestAttributes.CLIENT_ADDRESS;
    /**
     * Request attribute: the verified id of the browser's signed device cookie (every request zt lets pass, public paths
     * included), for an application's own step-up page: {@code SessionManager.stepUp(sid, acr, authTime, deviceId)}.
     */
    public static final String DEVICE_ID_ATTRIBUTE = RequestAttributes.DEVICE_ID;

    private static final System.Logger LOG = System.getLogger("dev.zt.filter");
    private static final String DECIDED = ZeroTrustFilter.class.getName() + ".decided";

    private final ZeroTrust given;
    private EnforcementPoint point;

    /** For {@code web.xml}: the engine is built from configuration in {@link #init(FilterConfig)}. */
    public ZeroTrustFilter() {
        this.given = null;
    }

    /** For programmatic registration with an engine built (and closed) by the caller. */
    public ZeroTrustFilter(ZeroTrust engine) {
        this.given = engine;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        Map<String, String> initParams = new HashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            initParams.put(name, filterConfig.getInitParameter(name));
        }
        point = EnforcementPoint.of(filterConfig.getServletContext(), given, initParams);
        ZeroTrust engine = point.engine();
        LOG.log(Level.INFO, "zt filter started: {0} trusted issuer(s), {1} path rule(s), mode {2}",
                engine.config().issuers().size(), point.rules(), engine.reportOnly() ? "report-only" : "enforce");
    }

    @Override
    public void destroy() {
        if (point != null) {
            point.close();
        }
    }

    /** Decides the request in the pipeline's stages and enforces the verdict. */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        if (req.getDispatcherType() != DispatcherType.REQUEST && req.getAttribute(DECIDED) != null) {
            point.continueDispatch(req, res, chain); // a forward, include, error or async dispatch
            return;
        }
        req.setAttribute(DECIDED, Boolean.TRUE);
        point.decideAndEnforce(req, res, chain);
    }
}
