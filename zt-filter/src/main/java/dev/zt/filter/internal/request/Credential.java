package dev.zt.filter.internal.request;

import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.List;

/**
 * The token a request presents and where it came from: one {@code Authorization: Bearer} header (RFC 6750 section
 * 2.1) and/or the session cookie; never the query string or a form field. Two {@code Authorization} headers, a
 * malformed bearer value, the session cookie sent twice with different values, or a header token that differs from the
 * cookie token are {@code invalid_request}. The one resolver of the filter and zt-cdi's Jakarta Security mechanism.
 */
public final class Credential {

    private final String token;
    private final boolean fromCookie;

    private Credential(String token, boolean fromCookie) {
        this.token = token;
        this.fromCookie = fromCookie;
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
        List<String> authorizations = Collections.list(request.getHeaders("Authorization"));
        String bearer = null;
        if (authorizations.size() > 1) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "more than one Authorization header");
        }
        if (authorizations.size() == 1) {
            String h = authorizations.get(0).trim();
            if (h.length() > 7 && h.substring(0, 7).equalsIgnoreCase("bearer ")) {
                bearer = h.substring(7).trim();
                if (bearer.isEmpty() || !printableAscii(bearer)) {
                    throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "malformed bearer token");
                }
            } else if (h.equalsIgnoreCase("bearer")) {
                throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "empty bearer token");
            }
        }
        String cookie;
        try {
            cookie = cookies.single(cookieName);
        } catch (Cookies.DuplicateCookieException e) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, e.getMessage());
        }
        if (bearer != null && cookie != null && !bearer.equals(cookie)) {
            throw new TokenRejectedException(RejectionReason.INVALID_REQUEST, "two different tokens were presented");
        }
        if (bearer != null) {
            return new Credential(bearer, false);
        }
        return cookie == null ? null : new Credential(cookie, true);
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
