package dev.zt.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A WildFly JVM of a test's own, beside the Arquillian-managed one: the test server's installation with a copy of its
 * {@code standalone/configuration} (without the test server's deployments) as a base directory of its own, every port
 * moved by a free offset, bound to 127.0.0.1. WARs are deployed through the deployment scanner; {@link #kill()} ends the
 * JVM as {@code kill -9} would and {@link #start()} starts it again on the same base directory (its deployments stay).
 */
final class OwnWildFly implements AutoCloseable {

    private static final Path HOME = Path.of(System.getProperty("jboss.home"));

    private final Path base;
    private final int offset;
    private Process server;

    private OwnWildFly(Path base, int offset) {
        this.base = base;
        this.offset = offset;
    }

    /** A new server (not started yet). */
    static OwnWildFly create(String name) throws IOException {
        Path base = Files.createTempDirectory("zt-wildfly-" + name);
        copy(HOME.resolve("standalone/configuration"), base.resolve("configuration"));
        // the running test server's configuration lists what Arquillian deployed to it: none of that is here
        Path xml = base.resolve("configuration/standalone.xml");
        Files.writeString(xml, Files.readString(xml).replaceAll("(?s)<deployments>.*?</deployments>", ""));
        Files.createDirectories(base.resolve("deployments"));
        return new OwnWildFly(base, freeOffset());
    }

    /** Starts the JVM and waits (bounded) until the server runs and every deployment in it is up. */
    OwnWildFly start() throws Exception {
        server = new ProcessBuilder("sh", HOME.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log")
                        .toFile())).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        awaitRunning();
        return this;
    }

    /** The management address jboss-cli connects to. */
    String controller() {
        return "127.0.0.1:" + (9990 + offset);
    }

    /** Deploys {@code war} through the deployment scanner; its base URL once deployed. */
    URL deploy(WebArchive war) throws Exception {
        Path file = base.resolve("deployments").resolve(war.getName());
        Path staged = base.resolve(war.getName() + ".part");
        war.as(ZipExporter.class).exportTo(staged.toFile(), true);
        Files.move(staged, file); // the scanner never sees half a WAR
        Path deployed = file.resolveSibling(war.getName() + ".deployed");
        Path failed = file.resolveSibling(war.getName() + ".failed");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.exists(deployed)) {
            if (Files.exists(failed) || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(war.getName() + " did not deploy: " + (Files.exists(failed)
                        ? Files.readString(failed) : "timeout") + "\n" + Files.readString(base.resolve("console.log")));
            }
            Thread.sleep(100);
        }
        return new URL("http://127.0.0.1:" + (8080 + offset) + "/" + war.getName().replaceAll("\\.war$", "") + "/");
    }

    /** Runs jboss-cli against this server; its output (exit status 0 required unless the output says why). */
    String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", HOME.resolve("bin/jboss-cli.sh").toString(),
                "--connect", "--controller=" + controller()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("jboss-cli did not finish: " + out);
        }
        return out;
    }

    /** Waits (bounded) until the server says it runs, e.g. after a reload. */
    void awaitRunning() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            String state = server.isAlive() ? cli("--command=:read-attribute(name=server-state)") : "";
            if (state.contains("\"result\" => \"running\"")) {
                return;
            }
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("WildFly did not start: " + Files.readString(base.resolve(
                        "console.log")));
            }
            Thread.sleep(500);
        }
    }

    /** Ends the JVM at once, as {@code kill -9} does: no shutdown hook, no undeployment, nothing flushed. */
    void kill() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        server.toHandle().descendants().forEach(all::add); // standalone.sh runs java as its child
        all.add(server.toHandle());
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : all) {
            p.onExit().join();
        }
        server = null;
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null && server.isAlive()) {
                cli("--command=:shutdown");
                if (!server.waitFor(60, TimeUnit.SECONDS)) {
                    kill();
                }
            }
            if (server != null && server.isAlive()) {
                kill();
            }
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A port offset whose HTTP, HTTPS and management ports are free on loopback. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1000, 20000);
            if (free(8080 + offset) && free(8443 + offset) && free(9990 + offset) && free(9993 + offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
