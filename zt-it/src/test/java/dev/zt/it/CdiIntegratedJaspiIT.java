package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.TestTokens;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, defect 2: zt's Jakarta Security mechanism on a WildFly application security domain with integrated JASPI
 * (WildFly's default) made every request with a token a 500 ({@code ELY01177}). zt-cdi now finds it at start-up, says
 * so in one ERROR naming the fix, and switches the mechanism off: the filter and zt's annotations protect every request,
 * the container sees no caller (EJB {@code @RolesAllowed} refuses with zt's 403), and nothing answers 500. The
 * deployment names no domain, so it runs on Undertow's default, WildFly's {@code other}, as shipped (integrated JASPI);
 * {@link CdiJakartaSecurityIT} covers a domain named in {@code jboss-web.xml} without it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CdiIntegratedJaspiIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive integratedJaspi() {
        return CdiContract.deployment("cdi-integrated-jaspi", "zt.container-identity=jakarta-security\n");
    }

    private static String admin() {
        return TestTokens.valid(Instant.now()).claim("roles", List.of("admin")).sign("RS256", ItKeys.IDP.getPrivate());
    }

    @Test
    void oneErrorAtStartUpNamesTheDomainAndTheFix() throws Exception {
        List<String> log = Files.readAllLines(Path.of(System.getProperty("jboss.home"), "standalone", "log",
                "server.log"));
        int deployed = 0; // this deployment's lines: server.log keeps earlier runs of a non-clean build
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains("WFLYSRV0027") && log.get(i).contains("cdi-integrated-jaspi.war")) {
                deployed = i;
            }
        }
        List<String> errors = log.subList(deployed, log.size()).stream()
                .filter(l -> l.contains("zt-cdi in /cdi-integrated-jaspi:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("ERROR", "'other' has integrated-jaspi=true", "ELY01177",
                "zt.container-identity at auto", "docs/wildfly/zt-domain.cli");
    }

    @Test
    void requestsWithATokenAreZtsDecisionsNeverA500() throws Exception {
        HttpResponse<String> admin = Http.get(base, "/api/orders/admin", admin());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        HttpResponse<String> user = Http.get(base, "/api/orders/admin", TestTokens.valid(Instant.now())
                .sign("RS256", ItKeys.IDP.getPrivate()));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(403);
        assertThat(user.body()).contains("\"reason\":\"insufficient_role\"");
    }

    @Test
    void theContainerSeesNoCallerSoEjbRolesAllowedRefusesClosed() throws Exception {
        HttpResponse<String> ejb = Http.get(base, "/api/orders/ejb", admin());
        assertThat(ejb.statusCode()).as(ejb.body()).isEqualTo(403);
        assertThat(ejb.body()).contains("\"reason\":\"insufficient_role\"");
    }
}
