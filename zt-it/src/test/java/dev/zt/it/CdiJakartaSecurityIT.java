package dev.zt.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CdiContract}'s tests with {@code zt.container-identity=jakarta-security} (from the application's
 * {@code zt.properties}): the container learns zt's caller from zt's Jakarta Security mechanism through WildFly's JASPI
 * bridge, and everything the container sees is the same. The deployment is mapped (its {@code jboss-web.xml}) to the
 * domain {@code zt} that the users' script {@code docs/wildfly/zt-domain-offline.cli} added to the test server
 * ({@code integrated-jaspi=false}); WildFly's {@code other} domain is left as shipped.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CdiJakartaSecurityIT extends CdiContract {

    @Deployment(testable = false)
    static WebArchive jakartaSecurity() {
        return deployment("cdi-jakarta-security", "zt.container-identity=jakarta-security\n").addAsWebInfResource(
                new StringAsset("<jboss-web><security-domain>zt</security-domain></jboss-web>\n"), "jboss-web.xml");
    }

    @Override
    String expectedIdentity() {
        return "mechanism=true elytron-filter=false";
    }
}
