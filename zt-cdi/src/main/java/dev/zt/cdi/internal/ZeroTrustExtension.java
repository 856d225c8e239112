package dev.zt.cdi.internal;

import dev.zt.cdi.Authenticated;
import dev.zt.cdi.MaxRisk;
import dev.zt.cdi.RequiresAcr;
import dev.zt.cdi.RequiresClaim;
import dev.zt.cdi.RequiresRole;
import dev.zt.cdi.RequiresScope;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds zt's interceptor to every type that carries a security annotation ({@code @WithAnnotations}), checks each such
 * type once for contradictions (failing the deployment with a message naming the method), and provides the shared
 * {@link SecurityMetadata}. The annotation types themselves stay free of CDI.
 */
public class ZeroTrustExtension implements Extension {

    private final SecurityMetadata metadata = new SecurityMetadata();
    private final List<String> problems = new ArrayList<>();

    <T> void secure(@Observes @WithAnnotations({Authenticated.class, RequiresRole.class, RequiresScope.class,
            RequiresAcr.class, MaxRisk.class, RequiresClaim.class, RequiresClaim.List.class, RolesAllowed.class,
            PermitAll.class, DenyAll.class}) ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (type.isAnnotation() || type.isInterface()) {
            return;
        }
        problems.addAll(SecurityMetadata.validate(type));
        if (SecurityMetadata.annotated(type)) {
            event.configureAnnotatedType().add(Secured.Literal.INSTANCE);
        }
    }

    void register(@Observes AfterBeanDiscovery event) {
        for (String p : problems) {
            event.addDefinitionError(new DefinitionException("zt: contradictory security annotations: " + p));
        }
        event.addBean().beanClass(SecurityMetadata.class).types(SecurityMetadata.class, Object.class)
                .scope(jakarta.inject.Singleton.class).createWith(c -> metadata);
    }

    /** The metadata cache (for tests). */
    public SecurityMetadata metadata() {
        return metadata;
    }
}
