package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The users' online script, {@code docs/wildfly/zt-domain.cli}, run with {@code jboss-cli.sh --connect} against a
 * running WildFly of its own (a copy of the test server's {@code standalone} directory, on a free port offset, so the
 * Arquillian-managed server is never reloaded): it adds the domain {@code zt} to Undertow (integrated JASPI off) and to
 * EJB, reloads, and changes nothing when run again. The offline script is applied to the test server by the build.
 */
class WildFlyCliScriptIT {

    private static final Path SCRIPT = Path.of(System.getProperty("zt.it.project-dir", "..")).resolve(
            "docs/wildfly/zt-domain.cli");
    private static OwnWildFly server;

    @BeforeAll
    static void startOwnServer() throws Exception {
        server = OwnWildFly.create("cli");
        server.start();
        // this copy of the test server's configuration already has the domain (the build applied the offline script):
        // take it away to start from what a user has
        server.cli("--commands=/subsystem=ejb3/application-security-domain=zt:remove,"
                + "/subsystem=undertow/application-security-domain=zt:remove,reload");
        server.awaitRunning();
        assertThat(server.cli("--command=/subsystem=undertow/application-security-domain=zt:read-resource"))
                .contains("WFLYCTL0216"); // not found
    }

    @AfterAll
    static void stopOwnServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theOnlineScriptAddsTheDedicatedDomainOnceAndLeavesOtherAlone() throws Exception {
        String other = server.cli("--command=/subsystem=undertow/application-security-domain=other:read-resource");
        assertThat(server.cli("--file=" + SCRIPT.toAbsolutePath())).doesNotContain("Failed", "WFLYCTL");
        server.awaitRunning();
        assertThat(server.cli("--command=/subsystem=undertow/application-security-domain=zt:read-resource"))
                .contains("\"integrated-jaspi\" => false", "\"security-domain\" => \"ApplicationDomain\"");
        assertThat(server.cli("--command=/subsystem=ejb3/application-security-domain=zt:read-resource"))
                .contains("\"security-domain\" => \"ApplicationDomain\"");
        assertThat(server.cli("--command=/subsystem=undertow/application-security-domain=other:read-resource"))
                .isEqualTo(other);

        String again = server.cli("--file=" + SCRIPT.toAbsolutePath());
        assertThat(again).doesNotContain("Failed", "WFLYCTL");
        assertThat(server.cli("--command=:read-attribute(name=server-state)")).contains("running")
                .doesNotContain("reload-required");
    }
}
