package dev.zt.containers;

import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.nio.file.Path;

/**
 * {@link WebappContract} on Jetty 12 (ee10) with its annotations module, which runs the initializers of the jars its
 * container-include pattern names: zt's jars here, as {@code WEB-INF/lib} jars would be.
 */
class JettyWebappTest extends WebappContract {

    private final Server server = new Server();

    @Override
    int deploy(Path app) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext context = new WebAppContext();
        context.setContextPath("/app");
        context.setBaseResourceAsPath(app);
        context.setParentLoaderPriority(true);
        context.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, ".*/zt-[a-z-]+-[^/]*\\.jar$");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    String expectedCause() {
        return "no CDI container runs this application"; // Jetty's plus module brings the CDI API, not a container
    }

    @Override
    void undeploy() throws Exception {
        server.stop();
    }
}
