package dev.zt.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CdiContract}'s tests with {@code zt.container-identity} left at {@code auto}, which on WildFly is Elytron's
 * filter: requests zt admitted run as an Elytron identity of the token's subject and roles, and the deployment has no
 * Jakarta Security mechanism (no JASPI bridge on every request).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CdiIT extends CdiContract {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("cdi", null);
    }

    @Override
    String expectedIdentity() {
        return "mechanism=false elytron-filter=true";
    }
}
