package dev.zt.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A real GlassFish (the {@code glassfish} distribution the build unpacks), its {@code domain1} moved to free loopback
 * ports (every listener on 127.0.0.1, the embedded JMS broker, which would listen on every interface, disabled), with
 * one WAR deployed by {@code asadmin}.
 */
final class GlassFish implements ExternalServer {

    private static final Pattern PORT = Pattern.compile("port=\"(8080|8181|4848|3700|3820|3920|8686)\"");

    private final Path home;
    private final int adminPort;
    private final URL base;
    /** Where the WAR was exported (deleted when the server stops). */
    private final Path exported;

    private GlassFish(Path home, int adminPort, URL base, Path exported) {
        this.home = home;
        this.adminPort = adminPort;
        this.base = base;
        this.exported = exported;
    }

    /** Starts {@code domain1} and deploys {@code war} at {@code /<war name>}. */
    static GlassFish start(WebArchive war) throws Exception {
        Path home = Path.of(System.getProperty("zt.glassfish.home", "target/glassfish/glassfish7"));
        Path config = home.resolve("glassfish/domains/domain1/config");
        Path original = config.resolve("domain.xml.zt-original");
        if (!Files.exists(original)) {
            Files.copy(config.resolve("domain.xml"), original);
        }
        String xml = Files.readString(original).replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replaceAll("<network-listener (?![^>]*address=)", "<network-listener address=\"127.0.0.1\" ")
                .replace("default-jms-host=\"default_JMS_host\" type=\"EMBEDDED\"",
                        "default-jms-host=\"default_JMS_host\" type=\"DISABLED\"");
        List<Integer> ports = new ArrayList<>();
        Matcher m = PORT.matcher(xml);
        StringBuilder patched = new StringBuilder();
        int http = 0;
        int admin = 0;
        while (m.find()) {
            int port = freePort(ports);
            ports.add(port);
            if (m.group(1).equals("8080") && http == 0) {
                http = port;
            }
            if (m.group(1).equals("4848") && admin == 0) {
                admin = port;
            }
            m.appendReplacement(patched, "port=\"" + port + "\"");
        }
        m.appendTail(patched);
        Files.writeString(config.resolve("domain.xml"), patched.toString());
        Path dir = Files.createTempDirectory("zt-glassfish");
        Path file = dir.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        String name = war.getName().replaceAll("\\.war$", "");
        GlassFish g = new GlassFish(home, admin, new URL("http://127.0.0.1:" + http + "/" + name + "/"), dir);
        // GlassFish 7.0.21's logging sometimes loses a whole run's server records (only the launcher's lines reach
        // server.log; upstream fixed races in its log buffer and stream logging in 7.0.25, not on Maven Central here).
        // The tests read that log, so a run whose log does not show the deployment is restarted, its log kept aside.
        for (int attempt = 1;; attempt++) {
            run(home, "start-domain", "domain1");
            try {
                run(home, "--port", String.valueOf(admin), "deploy", "--force=true", "--contextroot", name, "--name",
                        name, file.toString());
            } catch (RuntimeException e) {
                g.close();
                throw e;
            }
            if (g.awaitLogLine("Loading application [" + name + "]", 20_000)) {
                return g;
            }
            g.stop(); // and start again with the same WAR
            Path logs = g.logs();
            for (Path f : g.logFiles()) {
                Files.move(f, logs.resolve("lost-records-" + attempt + "-" + f.getFileName()));
            }
            if (attempt == 3) {
                throw new IllegalStateException("GlassFish logged no deployment of " + name + " in three runs; "
                        + "their logs are in " + logs);
            }
        }
    }

    private Path logs() {
        return home.resolve("glassfish/domains/domain1/logs");
    }

    /** server.log and the files GlassFish rolled it into (server.log_&lt;time&gt;), oldest first. */
    private List<Path> logFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(logs())) {
            return files.filter(f -> f.getFileName().toString().startsWith("server.log")
                    && !f.getFileName().toString().endsWith(".lck")).sorted((x, y) -> {
                boolean xCurrent = x.getFileName().toString().equals("server.log");
                boolean yCurrent = y.getFileName().toString().equals("server.log");
                return xCurrent == yCurrent ? x.compareTo(y) : xCurrent ? 1 : -1;
            }).collect(java.util.stream.Collectors.toList());
        }
    }

    /** Waits (bounded) for GlassFish, which writes its log on a thread of its own, to have written a line. */
    private boolean awaitLogLine(String text, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            if (log().stream().anyMatch(l -> l.contains(text))) {
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
    }

    @Override
    public URL base() {
        return base;
    }

    /** GlassFish's server.log so far, with the files it rolled it into. */
    @Override
    public List<String> log() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : logFiles()) {
            lines.addAll(Files.readAllLines(f));
        }
        return lines;
    }

    private static int freePort(List<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!taken.contains(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private static void run(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(args));
        // to a file, not a pipe: the server started by start-domain keeps asadmin's output, and a pipe nobody reads
        // any more would break its logging (the file stays beside the server, for a failed run)
        Path out = Files.createTempFile(home.getParent(), "asadmin-" + args[args.length - 1].replaceAll("\\W", ""),
                ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("asadmin " + String.join(" ", args) + " failed:\n" + Files.readString(out));
        }
    }

    private void stop() throws Exception {
        run(home, "--port", String.valueOf(adminPort), "stop-domain", "domain1");
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(exported)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
