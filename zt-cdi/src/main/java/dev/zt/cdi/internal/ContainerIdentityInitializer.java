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

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ContainerIdentity identity = ContainerIdentity.resolve(context.getClassLoader());
        context.addListener(new EnforcementCheck(identity, context.getClassLoader(), context.getContextPath()));
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
