package dev.zt.filter.internal;

import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.ZeroTrust;
import dev.zt.config.ConfigSource;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.filter.container.CurrentCaller;
import dev.zt.filter.container.RequestAuthenticator;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Map;
import java.util.Set;

/**
 * Builds the enforcement point when the application starts, not at the first request: a bad configuration fails the
 * deployment (instead of every request), and the engine and the {@link RequestAuthenticator} are there for Jakarta
 * Security's first authentication. Uses the init-params of the application's {@code ZeroTrustFilter} registration
 * (from {@code web.xml}). Registered as a {@link ServletContainerInitializer} by zt-filter's jar.
 */
public final class Bootstrap implements ServletContainerInitializer {

    /** The filter class applications register (by name: the implementation does not depend on the API class). */
    static final String FILTER_CLASS = "dev.zt.filter.ZeroTrustFilter";

    /** Servlet context attribute holding the runtime built here (closed when the application stops). */
    public static final String RUNTIME = FilterRuntime.class.getName();

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        for (FilterRegistration r : context.getFilterRegistrations().values()) {
            if (FILTER_CLASS.equals(r.getClassName())) {
                // throws: the deployment fails, naming the key
                FilterRuntime runtime = build(r.getInitParameters(), context);
                ZeroTrust engine = runtime.engine();
                publish(context, runtime);
                context.setAttribute(RUNTIME, runtime);
                context.addListener(new ServletContextListener() {
                    @Override
                    public void contextDestroyed(ServletContextEvent event) {
                        engine.close();
                    }
                });
                return;
            }
        }
    }

    /**
     * Publishes the engine, the authenticator and the current caller in the servlet context, for the application and
     * zt-cdi.
     */
    public static void publish(ServletContext context, FilterRuntime runtime) {
        context.setAttribute(ZeroTrust.class.getName(), runtime.engine());
        context.setAttribute(RequestAuthenticator.ATTRIBUTE, runtime);
        context.setAttribute(CurrentCaller.ATTRIBUTE, runtime);
    }

    /**
     * Builds the engine from the standard sources for the application of {@code context}, and its filter runtime (the
     * filter's settings are read once, before the engine starts): meters and the JMX view are tagged with the
     * application's name, blocking risk checks run on the executor {@code zt.executor} names. The runtime owns the
     * engine; close it with {@code runtime.engine().close()}.
     */
    public static FilterRuntime build(Map<String, String> initParams, ServletContext context) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (initParams.containsKey(FilterSettings.CONTAINER_IDENTITY)) {
            throw new ConfigurationException(FilterSettings.CONTAINER_IDENTITY, FilterSettings.CONTAINER_IDENTITY
                    + " cannot be a filter init-param: zt-cdi reads it when the application starts, before any filter;"
                    + " set it as a system property, as ZT_CONTAINER_IDENTITY or in zt.properties");
        }
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS)
                .sources(ConfigSource.standard(initParams, loader)).build();
        FilterSettings settings = new FilterSettings(config, loader); // fail now, naming the key
        ZeroTrust.Builder b = ZeroTrust.builder(config).classLoader(loader).applicationName(applicationName(context));
        AppExecutor.resolve(settings.executor).ifPresent(b::executor);
        ZeroTrust engine = b.build();
        try {
            return new FilterRuntime(engine, settings);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The display name of the application, else its context path ({@code ROOT} for the root context). */
    static String applicationName(ServletContext context) {
        String name = context.getServletContextName();
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "ROOT" : path.substring(1);
    }
}
