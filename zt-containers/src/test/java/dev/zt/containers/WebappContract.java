package dev.zt.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.LogCapture;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.logging.Level;

/**
 * zt-filter and zt-cdi in a web application the container deploys from its {@code web.xml}, finding zt-cdi's
 * {@code ServletContainerInitializer} itself, as on a user's server. Tomcat and Jetty have no CDI: zt-cdi must say that
 * its annotations are not enforced (issue 16, defect 4), and the filter still protects every path.
 */
abstract class WebappContract {

    private LogCapture warnings;
    @TempDir
    Path dir;

    /** Deploys the web application in {@code app} (with {@code WEB-INF/web.xml}) at {@code /app}; its port. */
    abstract int deploy(Path app) throws Exception;

    abstract void undeploy() throws Exception;

    /** Why the warning says zt-cdi cannot work here (this container's class path has the CDI API or not). */
    abstract String expectedCause();

    @AfterEach
    void stop() throws Exception {
        if (warnings != null) {
            warnings.close();
        }
        undeploy();
    }

    private int start() throws Exception {
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                TestKeys.RSA.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path app = Files.createDirectories(dir.resolve("app/WEB-INF")).getParent();
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>zt</filter-name>
                    <filter-class>dev.zt.filter.ZeroTrustFilter</filter-class>
                    <init-param><param-name>zt.issuer</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>zt.audience</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>zt.public-key</param-name><param-value>file:%s</param-value></init-param>
                  </filter>
                  <filter-mapping><filter-name>zt</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <servlet>
                    <servlet-name>contract</servlet-name>
                    <servlet-class>dev.zt.containers.ContractServlet</servlet-class>
                  </servlet>
                  <servlet-mapping><servlet-name>contract</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(TestTokens.ISSUER, TestTokens.AUDIENCE, pem));
        warnings = LogCapture.start("dev.zt.cdi", Level.WARNING);
        return deploy(app);
    }

    @Test
    void ztCdiWithoutACdiContainerWarnsOnceThatItsAnnotationsAreNotEnforced() throws Exception {
        int port = start();
        assertThat(warnings.records()).hasSize(1);
        assertThat(warnings.records().get(0).getMessage()).contains("zt-cdi in /app", expectedCause(), "are NOT enforced",
                "path rules still are", "docs/containers.md");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/app/orders")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("the filter still refuses a request without a token").isEqualTo(401);
        assertThat(r.body()).doesNotContain(ContractServlet.REACHED);
    }
}
