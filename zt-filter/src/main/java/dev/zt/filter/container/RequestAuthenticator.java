package dev.zt.filter.container;

import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Optional;

/**
 * The authentication half of zt's enforcement point, for container integrations that must know the caller before the
 * filter runs (zt-cdi's Jakarta Security mechanism, so that {@code isUserInRole}, {@code SecurityContext} and EJB
 * {@code @RolesAllowed} see zt's caller). Published by the filter as the servlet context attribute
 * {@link #ATTRIBUTE} (the interface's class name).
 *
 * <p>It applies exactly the filter's own checks, in the filter's order: the request firewall, public paths (nobody is
 * authenticated there), the credential, verification with revocation, and the session (revoked, idle, expired, reused).
 * The outcome is kept on the request: the filter continues from it instead of verifying or touching the session twice.
 */
public interface RequestAuthenticator {

    /** The servlet context attribute under which the filter publishes its authenticator. */
    String ATTRIBUTE = RequestAuthenticator.class.getName();

    /**
     * The request's verified caller; empty for a public path, zt's own endpoints, a request without credential, or one
     * the filter will refuse. Never throws for anything the request can cause.
     */
    Optional<VerifiedToken> authenticate(HttpServletRequest request, HttpServletResponse response);
}
