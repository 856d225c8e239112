package dev.zt.containers;

import dev.zt.filter.ZeroTrustFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.util.EnumSet;
import java.util.Map;

/** Embedded Jetty 12 with the ee10 (Servlet 6.0) environment. */
final class JettyContainer implements Container {

    private final Server server = new Server();

    @Override
    public int start(Map<String, String> filterInitParams) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(ZeroTrustFilter.class);
        filter.setName("zt");
        filter.setInitParameters(filterInitParams);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("contract", new ContractServlet()), "/*");
        // deployed into a running server, as Jetty's deployer does: a context that fails to start stays down and the
        // server keeps answering
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.start();
        contexts.addHandler(context);
        try {
            context.start();
        } catch (Exception e) { // a filter that refuses its configuration: the contract checks what Jetty answers
            context.stop();
        }
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
