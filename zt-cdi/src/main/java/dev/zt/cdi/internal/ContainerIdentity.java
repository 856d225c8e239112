package dev.zt.cdi.internal;

import dev.zt.config.ConfigSource;
import dev.zt.config.ConfigurationException;

import java.util.List;
import java.util.Locale;

/**
 * How zt-cdi hands zt's caller to the container ({@code zt.container-identity}), decided once when the application
 * starts, before the filter: the CDI extension registers or vetoes the Jakarta Security mechanism, and the servlet
 * initializer adds the Elytron filter, from the same answer.
 *
 * <ul>
 * <li>{@code auto} (default): {@link #ELYTRON} when WildFly's Elytron API is visible to the application, otherwise
 * {@link #JAKARTA_SECURITY};</li>
 * <li>{@code jakarta-security}: zt's {@code HttpAuthenticationMechanism}, portable, through the container's JASPI
 * bridge on every request (on WildFly: {@code integrated-jaspi=false});</li>
 * <li>{@code elytron}: WildFly only; the requests zt admitted with a token run as an Elytron identity of the token's
 * subject and roles, with no JASPI work per request (the deployment fails without Elytron);</li>
 * <li>{@code none}: the container sees no caller (EJB {@code @RolesAllowed} refuses; zt's own identity still answers
 * {@code HttpServletRequest.getUserPrincipal()} and {@code isUserInRole}, and zt-cdi's annotations still work).</li>
 * </ul>
 *
 * <p>Read from system properties, the environment ({@code ZT_CONTAINER_IDENTITY}) and {@code zt.properties}; never from
 * the filter's init-params, which the container reads only later (the filter refuses it there).
 */
public enum ContainerIdentity {
    JAKARTA_SECURITY, ELYTRON, NONE;

    /** The configuration key. */
    public static final String KEY = "zt.container-identity";
    private static final String ENV = "ZT_CONTAINER_IDENTITY";
    private static final String ELYTRON_DOMAIN = "org.wildfly.security.auth.server.SecurityDomain";

    /** The mode for the application whose classes {@code loader} loads; a bad value is a {@link ConfigurationException}. */
    public static ContainerIdentity resolve(ClassLoader loader) {
        String value = setting(loader).trim().toLowerCase(Locale.ROOT);
        boolean elytron = visible(loader);
        switch (value) {
            case "auto":
                return elytron ? ELYTRON : JAKARTA_SECURITY;
            case "jakarta-security":
                return JAKARTA_SECURITY;
            case "none":
                return NONE;
            case "elytron":
                if (!elytron) {
                    throw new ConfigurationException(KEY, KEY + "=elytron needs WildFly's Elytron API ("
                            + ELYTRON_DOMAIN + "), which this application cannot see; use auto or jakarta-security");
                }
                return ELYTRON;
            default:
                throw new ConfigurationException(KEY, KEY + " must be auto, jakarta-security, elytron or none, not '"
                        + value + "'");
        }
    }

    private static String setting(ClassLoader loader) {
        for (ConfigSource s : List.of(ConfigSource.systemProperties(), ConfigSource.environment(System.getenv()),
                ConfigSource.classpathProperties(loader))) {
            String v = s.entries().get(s.environmentNames() ? ENV : KEY);
            if (v != null) {
                return v;
            }
        }
        return "auto";
    }

    /** Whether WildFly's Elytron API is visible to the application (it runs on WildFly or JBoss EAP). */
    static boolean visible(ClassLoader loader) {
        return visible(ELYTRON_DOMAIN, loader);
    }

    /** Whether the application whose classes {@code loader} loads can see {@code type}. */
    static boolean visible(String type, ClassLoader loader) {
        try {
            Class.forName(type, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
