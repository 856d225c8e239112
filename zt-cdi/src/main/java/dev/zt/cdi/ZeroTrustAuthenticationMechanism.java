package dev.zt.cdi;

import dev.zt.ZeroTrustContext;
import dev.zt.filter.container.RequestAuthenticator;
import dev.zt.token.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Optional;

/**
 * Makes the container see zt's caller: a Jakarta Security {@link HttpAuthenticationMechanism} that tells the container
 * who the token's subject is and which roles it has ({@code notifyContainerAboutLogin}), so that
 * {@code SecurityContext}, {@code HttpServletRequest.isUserInRole}, {@code EJBContext.getCallerPrincipal()} and EJB
 * {@code @RolesAllowed} all agree with zt.
 *
 * <p>It asks the filter's own {@link RequestAuthenticator} (published in the servlet context): the same firewall,
 * public paths, credential (bearer header or session cookie), verification with revocation and session checks as the
 * filter, run once per request; the filter continues from that result. Nobody is logged in on a public path, for a
 * request the filter will refuse, or without a credential — never a caller named {@code anonymous}. Refusals are left
 * to the filter, which answers with zt's HTTP contract.
 *
 * <p>Registered where {@code zt.container-identity} resolves to {@code jakarta-security}: by default everywhere but on
 * WildFly, where zt-cdi runs admitted requests as an Elytron identity instead, which spares the container's JASPI
 * bridge on every request. On WildFly this mechanism needs {@code integrated-jaspi=false} on the application security
 * domain (see {@code docs/wildfly.md}); where zt-cdi finds integrated JASPI at start-up it logs one ERROR and this
 * mechanism logs nobody in (no 500 on every request; the container sees no caller).
 */
@ApplicationScoped
public class ZeroTrustAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final System.Logger LOG = System.getLogger("dev.zt.cdi");
    /** Set by zt-cdi at start-up where logins would fail (WildFly's integrated JASPI; one ERROR says so). */
    private static final String OFF = ZeroTrustAuthenticationMechanism.class.getName() + ".off";

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (request.getServletContext().getAttribute(OFF) != null) {
            return context.doNothing();
        }
        Object decided = request.getAttribute(ZeroTrustContext.ATTRIBUTE);
        if (decided instanceof ZeroTrustContext) { // authenticate() called after the filter decided
            return login(context, Optional.of(((ZeroTrustContext) decided).token()));
        }
        Object authenticator = request.getServletContext().getAttribute(RequestAuthenticator.ATTRIBUTE);
        if (!(authenticator instanceof RequestAuthenticator)) {
            LOG.log(System.Logger.Level.DEBUG, "zt filter not started yet; the filter will authenticate");
            return context.doNothing();
        }
        return login(context, ((RequestAuthenticator) authenticator).authenticate(request, response));
    }

    private static AuthenticationStatus login(HttpMessageContext context, Optional<VerifiedToken> token) {
        String name = token.flatMap(VerifiedToken::subject).orElse(null);
        if (name == null) {
            return context.doNothing();
        }
        return context.notifyContainerAboutLogin(name, token.get().roles());
    }
}
