package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The users' online script, {@code docs/wildfly/zt-domain.cli}, run with {@code jboss-cli.sh --connect} against a
 * running WildFly of its own (a copy of the test server's {@code standalone} directory, on a free port offset, so the
 * Arquillian-managed server is never reloaded): it adds the domain {@code zt} to Undertow (integrated JASPI off) and to
 * EJB, reloads, and changes nothing when run again. The offline script is applied to the test server by the build.
 */
class WildFlyCliScriptIT {

    private static final Path HOME = Path.of(System.getProperty("jboss.home"));
    private static final Path SCRIPT = Path.of(System.getProperty("zt.it.project-dir", "..")).resolve(
            "docs/wildfly/zt-domain.cli");
    private static Path base;
    private static Process server;
    private static String controller;

    @BeforeAll
    static void startOwnServer() throws Exception {
        base = Files.createTempDirectory("zt-cli-wildfly");
        copy(HOME.resolve("standalone/configuration"), base.resolve("configuration"));
        int offset = freeOffset();
        controller = "127.0.0.1:" + (9990 + offset);
        server = new ProcessBuilder("sh", HOME.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(base.resolve("console.log").toFile()).start();
        awaitRunning();
        // this copy of the test server's configuration already has the domain (the build applied the offline script):
        // take it away to start from what a user has
        cli("--commands=/subsystem=ejb3/application-security-domain=zt:remove,"
                + "/subsystem=undertow/application-security-domain=zt:remove,reload");
        awaitRunning();
        assertThat(cli("--command=/subsystem=undertow/application-security-domain=zt:read-resource"))
                .contains("WFLYCTL0216"); // not found
    }

    @AfterAll
    static void stopOwnServer() throws Exception {
        if (server != null) {
            cli("--command=:shutdown");
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (base != null) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theOnlineScriptAddsTheDedicatedDomainOnceAndLeavesOtherAlone() throws Exception {
        String other = cli("--command=/subsystem=undertow/application-security-domain=other:read-resource");
        assertThat(cli("--file=" + SCRIPT.toAbsolutePath())).doesNotContain("Failed", "WFLYCTL");
        awaitRunning();
        assertThat(cli("--command=/subsystem=undertow/application-security-domain=zt:read-resource"))
                .contains("\"integrated-jaspi\" => false", "\"security-domain\" => \"ApplicationDomain\"");
        assertThat(cli("--command=/subsystem=ejb3/application-security-domain=zt:read-resource"))
                .contains("\"security-domain\" => \"ApplicationDomain\"");
        assertThat(cli("--command=/subsystem=undertow/application-security-domain=other:read-resource"))
                .isEqualTo(other);

        String again = cli("--file=" + SCRIPT.toAbsolutePath());
        assertThat(again).doesNotContain("Failed", "WFLYCTL");
        assertThat(cli("--command=:read-attribute(name=server-state)")).contains("running")
                .doesNotContain("reload-required");
    }

    /** Runs jboss-cli against this test's server; its output (exit status 0 required unless the output says why). */
    private static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", HOME.resolve("bin/jboss-cli.sh").toString(),
                "--connect", "--controller=" + controller));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("jboss-cli did not finish: " + out);
        }
        return out;
    }

    private static void awaitRunning() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            String state = server.isAlive() ? cli("--command=:read-attribute(name=server-state)") : "";
            if (state.contains("\"result\" => \"running\"")) {
                return;
            }
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("WildFly copy did not start: " + Files.readString(
                        base.resolve("console.log")));
            }
            Thread.sleep(500);
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
