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
                pump(client, upstream, () -> {
                    if (answered.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                    }
                });
                pump(upstream, client, () -> answered.set(true));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, Runnable onBytes) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    onBytes.run();
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
}
