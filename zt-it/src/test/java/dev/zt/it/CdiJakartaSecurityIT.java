package dev.zt.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CdiContract}'s tests with {@code zt.container-identity=jakarta-security} (from the application's
 * {@code zt.properties}): the container learns zt's caller from zt's Jakarta Security mechanism through WildFly's JASPI
 * bridge ({@code integrated-jaspi=false}), and everything the container sees is the same.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CdiJakartaSecurityIT extends CdiContract {

    @Deployment(testable = false)
    static WebArchive jakartaSecurity() {
        return deployment("cdi-jakarta-security", "zt.container-identity=jakarta-security\n");
    }

    @Override
    String expectedIdentity() {
        return "mechanism=true elytron-filter=false";
    }
}
