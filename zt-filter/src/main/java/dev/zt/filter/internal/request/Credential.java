package dev.zt.filter.internal.request;

import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Enumeration;

/**
 * The token a request presents and where it came from: one {@code Authorization: Bearer} header (RFC 6750 section
 * 2.1) or {@code Authorization: DPoP} header (RFC 9449 section 7.1) and/or the session cookie; never the query string
 * or a form field. Two {@code Authorization} headers, a
 * malformed bearer value, the session cookie sent twice with different values, or a header token that differs from the
 * cookie token are {@code invalid_request}. The one resolver of the filter and zt-cdi's Jakarta Security mechanism.
 */
public final class Credential {

    private final String token;
    private final boolean fromCookie;
    private final boolean dpop;

    private Credential(String token, boolean fromCookie, boolean dpop) {
        this.token = token;
        this.fromCookie = fromCookie;
        this.dpop = dpop;
    }

    /** True when the token came with the {@code DPoP} scheme: a proof of possession must accompany it. */
    public boolean dpop() {
        return dpop;
    }

    /** The compact token (a bearer credential: never log it). */
    public String token() {
        return token;
    }

    /** True when the token came from the session cookie (cookie mode: CSRF and device checks apply). */
    public boolean fromCookie() {
        return fromCookie;
    }

    /**
     * The request's credential, or {@code null} when it presents none.
     *
     * @throws TokenRejectedException {@code invalid_request} for an ambiguous or malformed presentation
     */
    public static Credential of(HttpServletRequest request, Cookies cookies, String cookieName) {
        Credential header = header(request);
        String cookie;
        try {
            cookie = cookies.single(cookieName);
        } catch (Cookies.DuplicateCookieException e) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, e.getMessage());
        }
        if (header != null && cookie != null && !header.token.equals(cookie)) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "two different tokens were presented");
        }
        if (header != null) {
            return header;
        }
        return cookie == null ? null : new Credential(cookie, true, false);
    }

    /**
     * The token of the request's {@code Authorization} header alone ({@code Bearer} or {@code DPoP}), or {@code null}
     * when it has none.
     *
     * @throws TokenRejectedException {@code invalid_request} for two headers or a malformed value
     */
    public static Credential header(HttpServletRequest request) {
        Enumeration<String> authorizations = request.getHeaders("Authorization");
        if (authorizations == null || !authorizations.hasMoreElements()) {
            return null;
        }
        String h = authorizations.nextElement().trim();
        if (authorizations.hasMoreElements()) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "more than one Authorization header");
        }
        String scheme = h.length() > 7 && h.regionMatches(true, 0, "bearer ", 0, 7) ? "bearer"
                : h.length() > 5 && h.regionMatches(true, 0, "dpop ", 0, 5) ? "dpop" : null;
        if (scheme == null) {
            if (h.equalsIgnoreCase("bearer") || h.equalsIgnoreCase("dpop")) {
                throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "empty " + h + " token");
            }
            return null; // another scheme (e.g. Basic for the application): not zt's credential
        }
        String token = h.substring(scheme.length() + 1).trim();
        if (token.isEmpty() || !printableAscii(token)) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "malformed " + scheme + " token");
        }
        return new Credential(token, false, scheme.equals("dpop"));
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
