package dev.zt.store.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on 127.0.0.1 for the tests (Debian's redis-server, installed by .ci/run): durable by default
 * (append-only file in a directory of its own, as zt requires), or started with the settings a test names.
 */
public final class RedisServer implements AutoCloseable {
    public final int port;
    private final String password;
    private Process process;
    /** The server's settings beyond the port (e.g. {@code --appendonly no}); a test may change them and restart. */
    final java.util.List<String> options = new java.util.ArrayList<>();
    private final java.nio.file.Path dataDir;

    public RedisServer() throws IOException {
        this(null);
    }

    /** A server with these settings instead of the durable defaults (e.g. {@code --appendonly no}). */
    public static RedisServer with(String... options) throws IOException {
        return new RedisServer(null, null, options);
    }

    private final java.nio.file.Path tlsDir;

    RedisServer(String password) throws IOException {
        this(password, null);
    }

    /** With {@code tlsDir} holding cert.pem and key.pem, Redis listens with TLS only. */
    RedisServer(String password, java.nio.file.Path tlsDir) throws IOException {
        this(password, tlsDir, "--appendonly", "yes");
    }

    private RedisServer(String password, java.nio.file.Path tlsDir, String... options) throws IOException {
        this.password = password;
        this.tlsDir = tlsDir;
        this.options.addAll(java.util.List.of(options));
        this.dataDir = java.nio.file.Files.createTempDirectory("zt-redis");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        start();
    }

    public void start() throws IOException {
        String binary = System.getProperty("zt.redis-server", "/usr/bin/redis-server");
        if (!new File(binary).canExecute()) {
            throw new IllegalStateException(binary + " not found: install Debian's redis-server (.ci/run does)");
        }
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(binary, "--bind", "127.0.0.1",
                "--save", "", "--protected-mode", "yes", "--dir", dataDir.toString()));
        cmd.addAll(options);
        if (tlsDir == null) {
            cmd.addAll(java.util.List.of("--port", Integer.toString(port)));
        } else {
            cmd.addAll(java.util.List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
                    tlsDir.resolve("cert.pem").toString(), "--tls-key-file", tlsDir.resolve("key.pem").toString(),
                    "--tls-auth-clients", "no"));
        }
        if (password != null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Kills the server at once ({@code kill -9}): nothing is flushed on the way out. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the server and deletes what it had written: it comes back empty, as if it never kept anything. */
    public void wipe() throws InterruptedException, IOException {
        stop();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(f -> !f.equals(dataDir)).forEach(f -> f.toFile()
                    .delete());
        }
    }

    public String uri() {
        return (tlsDir == null ? "redis://" : "rediss://") + "127.0.0.1:" + port + "/0";
    }

    @Override
    public void close() throws InterruptedException, IOException {
        wipe();
        java.nio.file.Files.deleteIfExists(dataDir);
    }
}
