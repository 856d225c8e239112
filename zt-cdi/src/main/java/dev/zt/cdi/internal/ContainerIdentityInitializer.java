package dev.zt.cdi.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * Adds the start-up {@link EnforcementCheck}, and the Elytron identity filter when {@link ContainerIdentity#resolve}
 * says {@code elytron}: mapped to every path and dispatcher, after the filters of {@code web.xml} (so after the zt
 * filter, whose context it reads).
 */
public final class ContainerIdentityInitializer implements ServletContainerInitializer {

    static final String FILTER = "dev.zt.cdi.internal.elytron.ElytronIdentityFilter";
    /**
     * Set on the servlet context when zt's mechanism must not log anybody in; read by the mechanism. A literal: naming
     * the mechanism's class would load it, and with it Jakarta Security, which Tomcat and Jetty do not have.
     */
    static final String MECHANISM_OFF = "dev.zt.cdi.ZeroTrustAuthenticationMechanism.off";
    private static final System.Logger LOG = System.getLogger("dev.zt.cdi");

    /**
     * Switches zt's Jakarta Security mechanism off for this application (it would answer every request with a token with
     * WildFly's 500 {@code ELY01177}), and says so once, with the fix.
     */
    private static void disableMechanism(ServletContext context, String domain) {
        context.setAttribute(MECHANISM_OFF, domain);
        String path = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        LOG.log(System.Logger.Level.ERROR, "zt-cdi in " + path + ": WildFly's application security domain '" + domain
                + "' has integrated-jaspi=true, with which every login by zt's Jakarta Security mechanism fails"
                + " (ELY01177, a 500). The mechanism is switched off: the container sees no caller (EJB @RolesAllowed"
                + " refuses), zt's filter and annotations still protect every request. Fix: leave "
                + ContainerIdentity.KEY + " at auto (Elytron, the default on WildFly), or map the application to a"
                + " domain with integrated-jaspi=false (docs/wildfly/zt-domain.cli, then <security-domain>zt"
                + "</security-domain> in WEB-INF/jboss-web.xml)");
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ContainerIdentity identity = ContainerIdentity.resolve(context.getClassLoader());
        context.addListener(new EnforcementCheck(identity, context.getClassLoader(), context.getContextPath()));
        if (identity == ContainerIdentity.JAKARTA_SECURITY && ContainerIdentity.visible(context.getClassLoader())) {
            WildFlyJaspi.integratedDomain(context).ifPresent(domain -> disableMechanism(context, domain));
        }
        if (identity != ContainerIdentity.ELYTRON) {
            return;
        }
        Class<? extends Filter> type;
        try { // by name: the Elytron classes are linked only where Elytron is present
            type = Class.forName(FILTER, true, ContainerIdentityInitializer.class.getClassLoader())
                    .asSubclass(Filter.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("zt-cdi is incomplete: " + FILTER + " is missing", e);
        }
        FilterRegistration.Dynamic f = context.addFilter("zt-container-identity", type);
        if (f == null) {
            return; // declared by the application itself
        }
        f.setAsyncSupported(true);
        f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    }
}
