package dev.zt.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Cerbos policy decision point (OpenID AuthZEN 1.0 built in) on 127.0.0.1, for the AuthZEN tests. The server
 * binary is Cerbos's own npm package {@code @cerbos/cerbos-linux-x64}, fetched once with {@code npm pack} into the
 * temporary directory (never committed; {@code -Dzt.cerbos.binary=/path/to/cerbos} uses another), and started with the
 * policies of a directory, every listener on a free loopback port.
 */
public final class Cerbos implements AutoCloseable {

    /** The Cerbos release the tests run. */
    public static final String VERSION = "0.55.0";

    private final Process process;
    private final Path log;
    private final String url;

    private Cerbos(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts Cerbos with the policies in {@code policies}; waits until its AuthZEN discovery document answers. */
    public static Cerbos start(Path policies, Path work) throws Exception {
        Path binary = binary();
        int http = freePort();
        Path config = work.resolve("cerbos.yaml");
        Files.writeString(config, "server:\n  httpListenAddr: \"127.0.0.1:" + http + "\"\n  grpcListenAddr: \"127.0.0.1:"
                + freePort() + "\"\nstorage:\n  driver: disk\n  disk:\n    directory: " + policies.toAbsolutePath()
                + "\n    watchForChanges: false\naudit:\n  enabled: false\n");
        Path log = work.resolve("cerbos.log");
        Process p = new ProcessBuilder(binary.toString(), "server", "--config=" + config, "--debug-listen-addr=127.0.0.1:"
                + freePort(), "--log-level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Cerbos c = new Cerbos(p, log, "http://127.0.0.1:" + http);
        try {
            c.awaitReady(Duration.ofSeconds(30));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The PDP's base URL ({@code zt.authzen.pdp}). */
    public String url() {
        return url;
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cerbos exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url
                        + "/.well-known/authzen-configuration")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Cerbos did not answer within " + limit + "; see " + log);
    }

    /** The Cerbos binary: {@code zt.cerbos.binary}, else the npm package, fetched once. */
    static synchronized Path binary() throws Exception {
        String configured = System.getProperty("zt.cerbos.binary");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path binary = NpmPackages.unpacked("@cerbos/cerbos-linux-x64", VERSION).resolve("cerbos-linux-x64");
        if (!Files.isExecutable(binary) && (!binary.toFile().setExecutable(true) || !Files.isExecutable(binary))) {
            throw new IllegalStateException("no Cerbos binary at " + binary);
        }
        return binary;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
