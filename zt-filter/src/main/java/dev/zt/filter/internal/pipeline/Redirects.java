package dev.zt.filter.internal.pipeline;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Redirects of browsers to the login page ({@code zt.login-url}) and the step-up page ({@code zt.step-up-url}), with
 * a same-origin {@code return} parameter that is always the request's own path and query, never a URL taken from the
 * request (no open redirect).
 */
public final class Redirects {

    private final String loginUrl;
    private final String stepUpUrl;

    /** Creates the helper; either URL may be null. */
    public Redirects(String loginUrl, String stepUpUrl) {
        this.loginUrl = loginUrl;
        this.stepUpUrl = stepUpUrl;
    }

    /** True when a login page is configured. */
    public boolean hasLogin() {
        return loginUrl != null;
    }

    /** True when a step-up page is configured. */
    public boolean hasStepUp() {
        return stepUpUrl != null;
    }

    /** 302 to the login page. */
    public void toLogin(Exchange x) throws IOException {
        send(x, loginUrl, "");
    }

    /** 302 to the step-up page, asking for {@code acr}. */
    public void toStepUp(Exchange x, String acr) throws IOException {
        send(x, stepUpUrl, "acr_values=" + URLEncoder.encode(acr, StandardCharsets.UTF_8) + "&");
    }

    private static void send(Exchange x, String url, String extraParams) throws IOException {
        HttpServletRequest req = x.request();
        String back = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        String target = url.startsWith("/") ? req.getContextPath() + url : url;
        x.response().setHeader("Cache-Control", "no-store");
        x.response().sendRedirect(target + (target.contains("?") ? "&" : "?") + extraParams + "return="
                + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }
}
