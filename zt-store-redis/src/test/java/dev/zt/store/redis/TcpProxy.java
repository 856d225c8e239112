package dev.zt.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between a node and Redis that can black-hole the network: while partitioned, bytes are held in both
 * directions (neither side sees an error, as with dropped packets) and delivered when the partition heals, as TCP's
 * retransmissions would, so that a command whose caller timed out is still applied by Redis afterwards.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private boolean partitioned;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong roundTrips = new java.util.concurrent.atomic.AtomicLong();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile long answerDelayMillis;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort() + "/0";
    }

    /**
     * Round trips so far, over every connection: bytes from the client after the server answered it (or first), so
     * commands sent together (pipelined) count once and a client waiting for each answer counts each command.
     */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** The name (lower case) of every command a client sent through the proxy so far, in order per connection. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Delays every answer of the server by {@code delay} from now on (zero: none), as a slow network or server would. */
    public void delayAnswers(java.time.Duration delay) {
        answerDelayMillis = delay.toMillis();
    }

    /** Holds every byte from now on, in both directions. */
    public void partition() {
        synchronized (lock) {
            partitioned = true;
        }
    }

    /** Delivers what was held and lets traffic through again. */
    public void heal() {
        synchronized (lock) {
            partitioned = false;
            lock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean(true);
                Resp resp = new Resp(commands::add);
                pump(client, upstream, (buffer, n) -> {
                    if (answered.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                    }
                    resp.feed(buffer, n);
                });
                pump(upstream, client, (buffer, n) -> {
                    answered.set(true);
                    long delay = answerDelayMillis;
                    if (delay > 0) {
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** What a pump does with the bytes it read, before it forwards them. */
    private interface Bytes {
        void read(byte[] buffer, int n);
    }

    private void pump(Socket from, Socket to, Bytes onBytes) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    onBytes.read(buffer, n);
                    synchronized (lock) {
                        while (partitioned && !closed) {
                            lock.wait();
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        heal();
        server.close();
        sockets.forEach(TcpProxy::closeQuietly);
    }

    /** Reads the command names out of a client's RESP stream (arrays of bulk strings, or inline commands). */
    static final class Resp {
        private final java.util.function.Consumer<String> onCommand;
        private final StringBuilder line = new StringBuilder();
        private final StringBuilder name = new StringBuilder();
        private long bulkLeft; // bytes of the current bulk string still to come, its CRLF included
        private boolean nameNext;

        Resp(java.util.function.Consumer<String> onCommand) {
            this.onCommand = onCommand;
        }

        void feed(byte[] buffer, int n) {
            for (int i = 0; i < n; i++) {
                byte c = buffer[i];
                if (bulkLeft > 0) {
                    if (nameNext && bulkLeft > 2) {
                        name.append((char) c);
                    }
                    if (--bulkLeft == 0 && nameNext) {
                        onCommand.accept(name.toString().toLowerCase(java.util.Locale.ROOT));
                        name.setLength(0);
                        nameNext = false;
                    }
                } else if (c == '\n') {
                    line(line.toString());
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append((char) c);
                }
            }
        }

        private void line(String l) {
            if (l.startsWith("*")) {
                nameNext = true;
            } else if (l.startsWith("$")) {
                long length = Long.parseLong(l.substring(1));
                bulkLeft = length < 0 ? 0 : length + 2;
            } else if (!l.isBlank()) {
                onCommand.accept(l.trim().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
