package dev.zt.filter;

import dev.zt.ZeroTrust;
import dev.zt.ZeroTrustContext;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The filter in front of an echo servlet, in an in-process Undertow (the servlet container WildFly embeds). */
final class TestServer implements AutoCloseable {

    private final Undertow undertow;
    private final DeploymentManager manager;
    final int port;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(ZeroTrust engine) throws Exception {
        this(engine, null);
    }

    /** {@code outer}, when not null, runs before zt's filter (as a tracing agent's server span would). */
    TestServer(ZeroTrust engine, jakarta.servlet.Filter outer) throws Exception {
        ZeroTrustFilter filter = new ZeroTrustFilter(engine);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(TestServer.class.getClassLoader())
                .setContextPath("/app")
                .setDeploymentName("zt-test")
                .addServlet(Servlets.servlet("echo", Echo.class).addMapping("/*"));
        if (outer != null) {
            info.addFilter(outerFilter(outer))
                    .addFilterUrlMapping("outer", "/*", DispatcherType.REQUEST);
        }
        info.addFilter(Servlets.filter("zt", ZeroTrustFilter.class, new ImmediateInstanceFactory<>(filter)))
                .addFilterUrlMapping("zt", "/*", DispatcherType.REQUEST);
        manager = Servlets.newContainer().addDeployment(info);
        manager.deploy();
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(io.undertow.Handlers.path().addPrefixPath("/app", manager.start())).build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @SuppressWarnings("unchecked")
    private static <T extends jakarta.servlet.Filter> io.undertow.servlet.api.FilterInfo outerFilter(T outer) {
        return Servlets.filter("outer", (Class<T>) outer.getClass(), new ImmediateInstanceFactory<>(outer));
    }

    /** Runs {@code r} on the request's thread whenever the application (the echo servlet) is reached. */
    void onApplication(Runnable r) {
        manager.getDeployment().getServletContext().setAttribute(Echo.ON_APPLICATION, r);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/app" + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    /** Sends a request line byte for byte (for paths an HTTP client library would refuse or normalise). */
    String raw(String requestLine, String... headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port)
                    .append("\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws Exception {
        undertow.stop();
        manager.stop();
        manager.undeploy();
    }

    /** Echoes what the application sees. */
    public static final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;
        static final String ON_APPLICATION = Echo.class.getName() + ".onApplication";

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            Object hook = getServletContext().getAttribute(ON_APPLICATION);
            if (hook instanceof Runnable) {
                ((Runnable) hook).run();
            }
            if (req.getRequestURI().endsWith("/deny")) {
                throw new dev.zt.AccessDeniedException(dev.zt.token.RejectionReason.INSUFFICIENT_SCOPE, "needs write",
                        java.util.Set.of("orders:write"));
            }
            if (req.getRequestURI().endsWith("/forbidden")) { // the application's own 403, not an exception
                res.sendError(403);
                return;
            }
            if (req.getRequestURI().endsWith("/stepup")) {
                throw new dev.zt.StepUpRequiredException("mfa", java.time.Duration.ofMinutes(5), "needs mfa");
            }
            if (req.getRequestURI().endsWith("/ejb")) {
                throw new jakarta.ejb.EJBAccessException("not allowed");
            }
            if (req.getRequestURI().endsWith("/throw-store")) { // e.g. SessionManager.create on a full store
                throw new dev.zt.token.TokenRejectedException(dev.zt.token.RejectionReason.STORE_UNAVAILABLE, "full");
            }
            if (req.getRequestURI().endsWith("/throw-rate")) {
                throw new dev.zt.token.TokenRejectedException(dev.zt.token.RejectionReason.RATE_LIMITED, "too many");
            }
            if (req.getRequestURI().endsWith("/echo-form")) {
                String item = req.getParameter("item");
                String q = req.getParameter("q");
                String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                res.setContentType("text/plain");
                res.getWriter().print("item=" + item + " q=" + q + " body=" + body);
                return;
            }
            Object ctx = req.getAttribute(ZeroTrustContext.ATTRIBUTE);
            String client = ctx instanceof ZeroTrustContext ? ((ZeroTrustContext) ctx).clientAddress() : "-";
            res.setContentType("text/plain");
            res.getWriter().print("user=" + req.getRemoteUser() + " auth=" + req.getAuthType() + " admin="
                    + req.isUserInRole("admin") + " principal=" + (req.getUserPrincipal() == null ? null
                    : req.getUserPrincipal().getName()) + " client=" + client + " path=" + req.getRequestURI());
        }
    }
}
