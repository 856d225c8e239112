package dev.zt.containers;

import dev.zt.filter.ZeroTrustFilter;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Embedded Tomcat (10.1 or 11, whichever is on the class path). */
final class TomcatContainer implements Container {

    private final Tomcat tomcat = new Tomcat();

    @Override
    public int start(Map<String, String> filterInitParams) throws Exception {
        Path base = Files.createTempDirectory("zt-tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("/app", Files.createDirectories(base.resolve("app")).toString());
        Tomcat.addServlet(context, "contract", new ContractServlet()).addMapping("/*");
        FilterDef filter = new FilterDef();
        filter.setFilterName("zt");
        filter.setFilterClass(ZeroTrustFilter.class.getName());
        filterInitParams.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("zt");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
