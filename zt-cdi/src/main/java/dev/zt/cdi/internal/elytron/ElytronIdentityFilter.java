package dev.zt.cdi.internal.elytron;

import dev.zt.ZeroTrustContext;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.wildfly.security.auth.server.SecurityDomain;
import org.wildfly.security.auth.server.SecurityIdentity;
import org.wildfly.security.authz.RoleMapper;
import org.wildfly.security.authz.Roles;

import java.io.IOException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code zt.container-identity=elytron}: runs the rest of a request that the zt filter admitted with a token as an
 * Elytron identity of the token's subject with the token's roles (what WildFly's own JASPI bridge builds for a Jakarta
 * Security mechanism that logs a caller in, without that bridge's work on every request), so that EJB
 * {@code @RolesAllowed}, {@code EJBContext.getCallerPrincipal()} and Jakarta Security's {@code SecurityContext} see
 * zt's caller. Registered after the zt filter (which must be declared in {@code web.xml}); a request without zt's
 * context (a public path, a refusal, a request the zt filter did not see) runs with no identity, never an
 * {@code anonymous} caller of zt's making. Without a security domain for the deployment the container sees no caller:
 * logged once as a warning, and the container's own checks then refuse.
 */
public final class ElytronIdentityFilter implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.zt.cdi");

    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object c = request.getAttribute(ZeroTrustContext.ATTRIBUTE);
        VerifiedToken token = c instanceof ZeroTrustContext ? ((ZeroTrustContext) c).token() : null;
        String name = token == null ? null : token.subject().orElse(null);
        SecurityDomain domain = name == null ? null : SecurityDomain.getCurrent();
        if (domain == null) {
            if (name != null && warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "zt.container-identity=elytron: this deployment has no Elytron "
                        + "security domain, so the container sees no caller (EJB @RolesAllowed refuses); map it to one"
                        + " (docs/wildfly.md) or set zt.container-identity=jakarta-security");
            }
            chain.doFilter(request, response);
            return;
        }
        SecurityIdentity identity;
        try {
            identity = domain.createAdHocIdentity(name)
                    .withDefaultRoleMapper(RoleMapper.constant(Roles.fromSet(token.roles())));
        } catch (RuntimeException e) { // e.g. a SecurityException under a security manager: no caller, never a 500
            if (warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "zt.container-identity=elytron: Elytron refused an identity ({0});"
                        + " the container sees no caller", e.getClass().getSimpleName());
            }
            chain.doFilter(request, response);
            return;
        }
        try {
            identity.runAs((PrivilegedExceptionAction<Void>) () -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (PrivilegedActionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof ServletException) {
                throw (ServletException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new ServletException(cause);
        }
    }
}
