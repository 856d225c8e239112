package dev.zt.filter.internal.request;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a browser says about where a request comes from (W3C Fetch Metadata Request Headers: {@code Sec-Fetch-Site},
 * {@code Sec-Fetch-Mode}, {@code Sec-Fetch-Dest}, {@code Sec-Fetch-User}). Browsers set these headers and a page's
 * scripts cannot (they are forbidden request headers), so for a request that carries the browser's session cookie they
 * tell whether another page made the browser send it. A client that is not a browser can send anything, so they are
 * only ever used to refuse a request, never to admit one.
 *
 * <p>Values are compared exactly: browsers send the specification's lower-case tokens, and anything else is treated as
 * "not the value", which for {@code Sec-Fetch-Site} means another site's.
 */
public final class FetchMetadata {

    private FetchMetadata() {
    }

    /**
     * True when the browser says another origin's page initiated the request: {@code Sec-Fetch-Site} is present and
     * neither {@code same-origin} nor {@code none} (a user typing the address, a bookmark). A missing header (an older
     * browser, a client that is not a browser) is not cross-origin.
     */
    public static boolean crossOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return site != null && !site.equals("same-origin") && !site.equals("none");
    }

    /**
     * True when the user, not another origin's page, made the browser send the request: it is not cross-origin, or it
     * is a top-level navigation the user activated ({@code Sec-Fetch-Mode: navigate}, {@code Sec-Fetch-Dest: document},
     * {@code Sec-Fetch-User: ?1}: a click on a link to the application). A page cannot make a browser send many such
     * requests without as many clicks of its user; it can make it send any number of subresource requests (images,
     * scripts, {@code fetch}), frames, plug-in objects, and navigations without the user (a refresh, a script, a window
     * it opened).
     */
    public static boolean userMadeIt(HttpServletRequest request) {
        return !crossOrigin(request) || "navigate".equals(request.getHeader("Sec-Fetch-Mode"))
                && "document".equals(request.getHeader("Sec-Fetch-Dest"))
                && "?1".equals(request.getHeader("Sec-Fetch-User"));
    }
}
