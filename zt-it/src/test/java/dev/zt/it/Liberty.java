package dev.zt.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A real Open Liberty server (the {@code openliberty-runtime} zip the build unpacks), on a free loopback port, with the
 * Jakarta EE 10 features zt-cdi needs and one WAR; its own server directory per test class.
 */
final class Liberty implements ExternalServer {

    /**
     * The features zt-cdi needs on Liberty (servlet, CDI, Jakarta Security, REST, EJB Lite), and JSON binding for the
     * test application's JSON body.
     */
    static final List<String> FEATURES = List.of("servlet-6.0", "cdi-4.0", "appSecurity-5.0", "restfulWS-3.1",
            "enterpriseBeansLite-4.0", "jsonb-3.0");
    /** Their Java EE 8 counterparts (javax.*), for zt-cdi-javax. */
    static final List<String> JAVA_EE_8_FEATURES = List.of("servlet-4.0", "cdi-2.0", "appSecurity-3.0", "jaxrs-2.1",
            "ejbLite-3.2", "jsonb-1.0");

    private final Path home;
    private final String server;
    private final Path log;
    private final URL base;

    private Liberty(Path home, String server, Path log, URL base) {
        this.home = home;
        this.server = server;
        this.log = log;
        this.base = base;
    }

    /**
     * Starts a server named {@code server} with {@code features} and {@code war} (context root: the WAR's name) and
     * waits until the application runs.
     */
    static Liberty start(String server, List<String> features, WebArchive war) throws Exception {
        Path home = Path.of(System.getProperty("zt.liberty.home", "target/liberty/wlp"));
        Path dir = home.resolve("usr/servers").resolve(server);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir.resolve("apps"));
        int port = freePort();
        String name = war.getName().replaceAll("\\.war$", "");
        war.as(ZipExporter.class).exportTo(dir.resolve("apps").resolve(war.getName()).toFile(), true);
        StringBuilder featureList = new StringBuilder();
        features.forEach(f -> featureList.append("    <feature>").append(f).append("</feature>\n"));
        Files.writeString(dir.resolve("server.xml"), "<server>\n  <featureManager>\n" + featureList
                + "  </featureManager>\n"
                + "  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"" + port
                + "\" httpsPort=\"-1\"/>\n"
                + "  <webApplication location=\"" + war.getName() + "\" contextRoot=\"/" + name + "\"/>\n"
                + "  <applicationMonitor updateTrigger=\"disabled\" dropinsEnabled=\"false\"/>\n"
                + "</server>\n");
        run(home, "start", server);
        Path log = dir.resolve("logs/messages.log");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.contains("CWWKZ0001I") && l.contains(" " + name + " "))) {
                break;
            }
            if (lines.stream().anyMatch(l -> l.contains("CWWKZ0002E") || l.contains("CWWKZ0012I"))
                    || Instant.now().isAfter(deadline)) {
                run(home, "stop", server);
                throw new IllegalStateException("Liberty did not start " + name + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(250);
        }
        return new Liberty(home, server, log, new URL("http://127.0.0.1:" + port + "/" + name + "/"));
    }

    @Override
    public URL base() {
        return base;
    }

    /** Liberty's messages.log so far. */
    @Override
    public List<String> log() throws IOException {
        return Files.readAllLines(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path home, String action, String server) throws Exception {
        Process p = new ProcessBuilder("sh", home.resolve("bin/server").toString(), action, server)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("usr/servers").resolve(server + "-" + action + ".out").toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("server " + action + " " + server + " did not finish");
        }
    }

    @Override
    public void close() throws Exception {
        run(home, "stop", server);
    }
}
