package dev.zt.containers;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Path;

/** {@link WebappContract} on Tomcat (11, 10.1, and 9 with the javax jars), which scans the class path's jars. */
class TomcatWebappTest extends WebappContract {

    private final Tomcat tomcat = new Tomcat();

    @Override
    int deploy(Path app) throws Exception {
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        tomcat.addWebapp("/app", app.toString());
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    String expectedCause() {
        return "no CDI API (jakarta.enterprise.inject.spi.CDI) in this application";
    }

    @Override
    void undeploy() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
