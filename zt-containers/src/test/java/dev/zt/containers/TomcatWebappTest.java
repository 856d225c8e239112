package dev.zt.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.LogCapture;
import dev.zt.testing.TestTokens;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * zt-filter and zt-cdi in a web application Tomcat deploys from its {@code web.xml}, finding zt-cdi's
 * {@code ServletContainerInitializer} itself, as on a user's server. Plain Tomcat has no CDI: zt-cdi must say that its
 * annotations are not enforced (issue 16, defect 4), and the filter still protects every path.
 */
class TomcatWebappTest {

    private final Tomcat tomcat = new Tomcat();
    private LogCapture warnings;
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (warnings != null) {
            warnings.close();
        }
        tomcat.stop();
        tomcat.destroy();
    }

    private int deploy() throws Exception {
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                dev.zt.testing.TestKeys.RSA.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path app = Files.createDirectories(dir.resolve("app/WEB-INF"));
        Files.writeString(app.resolve("web.xml"), """
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
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        tomcat.addWebapp("/app", dir.resolve("app").toString());
        tomcat.start();
        return connector.getLocalPort();
    }

    @Test
    void ztCdiWithoutACdiContainerWarnsOnceThatItsAnnotationsAreNotEnforced() throws Exception {
        int port = deploy();
        assertThat(warnings.records()).hasSize(1);
        assertThat(warnings.records().get(0).getMessage()).contains("zt-cdi in /app", "no CDI API", "are NOT enforced",
                "path rules still are", "docs/containers.md");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/app/orders")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("the filter still refuses a request without a token").isEqualTo(401);
        assertThat(r.body()).doesNotContain(ContractServlet.REACHED);
    }
}
