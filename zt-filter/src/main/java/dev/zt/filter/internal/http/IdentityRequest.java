package dev.zt.filter.internal.http;

import dev.zt.ZeroTrustContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/**
 * The request as the application sees it after zt allowed it: {@code getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and {@code getAuthType()} reflect the verified token.
 */
public final class IdentityRequest extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()}. */
    public static final String AUTH_TYPE = "BEARER";

    private final ZeroTrustContext context;
    private final Principal principal;

    /** Wraps the request. */
    public IdentityRequest(HttpServletRequest request, ZeroTrustContext context) {
        super(request);
        this.context = context;
        String name = context.subject().orElse(null);
        this.principal = name == null ? null : new TokenPrincipal(name);
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal == null ? null : principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && !role.equals("*") && context.token().hasRole(role)
                || "**".equals(role) && principal != null;
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    /** The caller's principal: the token's subject. */
    static final class TokenPrincipal implements Principal {
        private final String name;

        TokenPrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenPrincipal && ((TokenPrincipal) o).name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "TokenPrincipal[" + name + "]";
        }
    }
}
