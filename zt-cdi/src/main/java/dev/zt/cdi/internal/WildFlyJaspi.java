package dev.zt.cdi.internal;

import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Finds out whether the WildFly (or JBoss EAP) application security domain of a deployment uses integrated JASPI,
 * with which every login of a Jakarta Security mechanism whose caller is not in the domain's realm fails with
 * {@code ELY01177} (a 500 on every request with a token). Read from WildFly's management model over the platform MBean
 * server (the {@code jmx} subsystem of the stock configurations exposes it): the deployment's domain from its
 * {@code WEB-INF/jboss-web.xml}, else Undertow's {@code default-security-domain}. Anything it cannot read is "not
 * known", never an error.
 */
final class WildFlyJaspi {

    private static final Pattern SECURITY_DOMAIN = Pattern.compile("<security-domain>\\s*([^<\\s]+)\\s*</security-domain>");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private WildFlyJaspi() {
    }

    /** The deployment's application security domain when it is known to use integrated JASPI. */
    static Optional<String> integratedDomain(ServletContext context) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            String domain = declared(context);
            if (domain == null) {
                Object d = server.getAttribute(new ObjectName("jboss.as:subsystem=undertow"), "defaultSecurityDomain");
                domain = d instanceof String ? (String) d : "other";
            }
            if (!NAME.matcher(domain).matches()) {
                return Optional.empty();
            }
            Object integrated = server.getAttribute(new ObjectName(
                    "jboss.as:subsystem=undertow,application-security-domain=" + domain), "integratedJaspi");
            return Boolean.TRUE.equals(integrated) ? Optional.of(domain) : Optional.empty();
        } catch (JMException | RuntimeException | IOException e) {
            return Optional.empty(); // not WildFly's model (or not exposed): nothing known
        }
    }

    /** The {@code <security-domain>} of {@code WEB-INF/jboss-web.xml}, or null. */
    private static String declared(ServletContext context) throws IOException {
        try (InputStream in = context.getResourceAsStream("/WEB-INF/jboss-web.xml")) {
            if (in == null) {
                return null;
            }
            byte[] xml = in.readNBytes(64 * 1024);
            Matcher m = SECURITY_DOMAIN.matcher(new String(xml, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        }
    }
}
