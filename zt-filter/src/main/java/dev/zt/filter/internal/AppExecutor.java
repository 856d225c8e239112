package dev.zt.filter.internal;

import dev.zt.config.ConfigurationException;
import dev.zt.filter.internal.settings.FilterSettings;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The executor zt's blocking risk checks run on, per {@code zt.executor}: by default ({@code auto}) the server's
 * default {@code ManagedExecutorService} (Jakarta Concurrency 3.0, section 3.1.4.1: {@code
 * java:comp/DefaultManagedExecutorService}), so that checks run with the application's naming, class loader and
 * security context and under the server's thread limits; where the server has none (a servlet container), zt's own
 * bounded pool. {@code own} always takes zt's pool; a JNDI name must resolve or the deployment fails. Looked up through
 * JNDI, so zt needs no Jakarta Concurrency dependency. zt never shuts a managed executor down.
 */
final class AppExecutor {

    /** The default resource every Jakarta EE (Web Profile and up) server binds. */
    static final String DEFAULT_MANAGED = "java:comp/DefaultManagedExecutorService";

    private static final System.Logger LOG = System.getLogger(AppExecutor.class.getName());

    private AppExecutor() {
    }

    /** The application's executor, or empty for zt's own pool. */
    static Optional<ExecutorService> resolve(String setting) {
        if ("own".equals(setting)) {
            return Optional.empty();
        }
        boolean required = !"auto".equals(setting);
        String name = required ? setting : DEFAULT_MANAGED;
        Object found;
        try {
            found = new InitialContext().lookup(name);
        } catch (NamingException | RuntimeException e) {
            if (required) {
                throw ConfigurationException.invalid(FilterSettings.EXECUTOR, name, "no such JNDI resource ("
                        + e.getClass().getSimpleName() + ")");
            }
            LOG.log(Level.DEBUG, "no {0}: blocking risk checks run on zt''s own pool", name);
            return Optional.empty();
        }
        if (!(found instanceof ExecutorService)) {
            if (required) {
                throw ConfigurationException.invalid(FilterSettings.EXECUTOR, name, "is not an ExecutorService");
            }
            return Optional.empty();
        }
        LOG.log(Level.INFO, "blocking risk checks run on {0}", name);
        return Optional.of((ExecutorService) found);
    }
}
