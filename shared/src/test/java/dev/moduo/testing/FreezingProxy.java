package dev.moduo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server that can freeze: connections stay open and new ones are accepted,
 * but no byte goes through in either direction until it thaws. That is a hung MongoDB as a client
 * sees it (a stalled network path, a server stuck in a long lock), unlike a stopped one, which refuses.
 */
public final class FreezingProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean frozen;
    private volatile boolean closed;

    public FreezingProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::accept, "freezing-proxy-accept").start();
    }

    /** A MongoDB connection string that goes through this proxy. */
    public String mongoUri() {
        return "mongodb://127.0.0.1:" + listener.getLocalPort();
    }

    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pump(client, server), "freezing-proxy-up").start();
                daemon(() -> pump(server, client), "freezing-proxy-down").start();
            } catch (IOException e) {
                // Closed, or the target refused: the client sees its connection dropped.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                waitWhileFrozen();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed: close both, as a real connection would end.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void waitWhileFrozen() throws InterruptedException {
        synchronized (gate) {
            while (frozen && !closed) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thaw();
        closeQuietly(listener);
        sockets.forEach(FreezingProxy::closeQuietly);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    /** The port of {@code mongodb://host:port}. */
    public static int port(String mongoUri) {
        String hostPort = mongoUri.substring("mongodb://".length()).split("/")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
