package dev.zt.cdi.internal;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.lang.System.Logger.Level;

/**
 * Says at start-up, in one WARN, when zt-cdi is in an application whose container cannot run it: without a CDI
 * container (plain Tomcat or Jetty) or with zt's CDI extension inactive, the annotations ({@code @RequiresRole},
 * {@code @RequiresScope}...) are enforced nowhere, which must not pass in silence; without Jakarta Security the
 * container does not see zt's caller. Registered by {@link ContainerIdentityInitializer}, so it runs after the
 * listeners of {@code web.xml} (a CDI container started by one of them is up by then).
 */
final class EnforcementCheck implements ServletContextListener {

    static final String CDI = "jakarta.enterprise.inject.spi.CDI";
    static final String JAKARTA_SECURITY = "jakarta.security.enterprise.SecurityContext";
    private static final System.Logger LOG = System.getLogger("dev.zt.cdi");

    private final ContainerIdentity identity;
    private final ClassLoader loader;
    private final String context;

    /**
     * Takes what it needs from the context now (in the initializer): a listener that {@code web.xml} does not declare
     * may not call {@code getClassLoader()} (Servlet section 4.4; Tomcat 9 fails the deployment).
     */
    EnforcementCheck(ContainerIdentity identity, ClassLoader loader, String contextPath) {
        this.identity = identity;
        this.loader = loader;
        this.context = contextPath.isEmpty() ? "/" : contextPath;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            check();
        } catch (RuntimeException | LinkageError e) { // a diagnostic never stops the application
            LOG.log(Level.WARNING, "zt-cdi in " + context + ": could not check that its annotations are enforced ("
                    + e.getClass().getName() + ")");
        }
    }

    private void check() {
        String problem = problem(loader);
        if (problem != null) {
            LOG.log(Level.WARNING, "zt-cdi in " + context + ": " + problem
                    + ", so zt's annotations (@RequiresRole, @RequiresScope, @RequiresAcr, @RequiresClaim, @MaxRisk,"
                    + " @RequiresProofOfPossession, @Authenticated) are NOT enforced; the zt filter's path rules still are."
                    + " Run on a server with CDI (Jakarta EE, or Weld servlet on Tomcat/Jetty) or remove zt-cdi; see"
                    + " docs/containers.md");
            return;
        }
        if (identity == ContainerIdentity.JAKARTA_SECURITY && !ContainerIdentity.visible(JAKARTA_SECURITY, loader)) {
            LOG.log(Level.WARNING, "zt-cdi in " + context + ": no Jakarta Security (" + JAKARTA_SECURITY
                    + "), so the container does not see zt's caller (isCallerInRole, EJB @RolesAllowed); zt's"
                    + " annotations are enforced. Set zt.container-identity=none to say this is intended");
        }
    }

    /** Why zt's annotations cannot be enforced here, or null when a CDI container runs zt's extension. */
    static String problem(ClassLoader loader) {
        if (!ContainerIdentity.visible(CDI, loader)) {
            return "no CDI API (" + CDI + ") in this application";
        }
        return Cdi.problem();
    }


    /** Linked only once the CDI API is known to be there. */
    private static final class Cdi {
        static String problem() {
            jakarta.enterprise.inject.spi.BeanManager beans;
            try {
                beans = jakarta.enterprise.inject.spi.CDI.current().getBeanManager();
            } catch (RuntimeException e) { // Weld: IllegalStateException; others may differ
                return "no CDI container runs this application (CDI.current(): " + e.getClass().getSimpleName() + ")";
            }
            try {
                beans.getExtension(ZeroTrustExtension.class);
                return null;
            } catch (IllegalArgumentException e) {
                return "the CDI container did not load zt's extension (" + ZeroTrustExtension.class.getName() + ")";
            }
        }
    }
}
