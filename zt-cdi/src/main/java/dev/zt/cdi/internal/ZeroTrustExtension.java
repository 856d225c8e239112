package dev.zt.cdi.internal;

import dev.zt.cdi.ZeroTrustAuthenticationMechanism;
import dev.zt.config.ConfigurationException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds zt's interceptor to every type that carries a security annotation, on the class, its methods, its superclasses
 * or the methods of an interface it implements (CDI's {@code @WithAnnotations} would not see the last), checks each such
 * type once for contradictions (failing the deployment with a message naming the method), and provides the shared
 * {@link SecurityMetadata}, and keeps the Jakarta Security mechanism only where {@code zt.container-identity} asks for
 * it ({@link ContainerIdentity}). The annotation types themselves stay free of CDI.
 */
public class ZeroTrustExtension implements Extension {

    private final SecurityMetadata metadata = new SecurityMetadata();
    private final List<String> problems = new ArrayList<>();

    <T> void secure(@Observes ProcessAnnotatedType<T> event) { // every type: annotations may sit on an interface only
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (type.isAnnotation() || type.isInterface()) {
            return;
        }
        for (String p : SecurityMetadata.validate(type)) {
            problems.add("contradictory security annotations: " + p);
        }
        if (SecurityMetadata.annotated(type)) {
            event.configureAnnotatedType().add(Secured.Literal.INSTANCE);
            metadata.intercepting(type);
        }
    }

    /**
     * Keeps zt's Jakarta Security mechanism only where it hands the caller to the container
     * ({@link ContainerIdentity#JAKARTA_SECURITY}): with Elytron's filter, or no container identity, the container
     * must not pay for a JASPI bridge on every request.
     */
    void mechanism(@Observes ProcessAnnotatedType<ZeroTrustAuthenticationMechanism> event) {
        try {
            if (ContainerIdentity.resolve(event.getAnnotatedType().getJavaClass().getClassLoader())
                    != ContainerIdentity.JAKARTA_SECURITY) {
                event.veto();
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
    }

    void register(@Observes AfterBeanDiscovery event) {
        for (String p : problems) {
            event.addDefinitionError(new DefinitionException("zt: " + p));
        }
        event.addBean().beanClass(SecurityMetadata.class).types(SecurityMetadata.class, Object.class)
                .scope(jakarta.inject.Singleton.class).createWith(c -> metadata);
    }

    /** The metadata cache (for tests). */
    public SecurityMetadata metadata() {
        return metadata;
    }
}
