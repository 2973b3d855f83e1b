package dev.moduo.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port on 127.0.0.1 in front of a server (MongoDB): while closed, connecting to it is refused (the port is
 * held by a bound socket that does not listen, so the kernel answers RST and nobody else can take the port);
 * once {@link #open()}, every connection is piped to the server. The SnapStart shape keeps it closed while the
 * snapshot is taken, as a database the publishing environment cannot reach.
 */
public final class GatedTcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private Socket reservation;
    private ServerSocket listener;
    private volatile boolean closed;

    private GatedTcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.reservation = new Socket();
        reservation.setReuseAddress(false);
        reservation.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = reservation.getLocalPort();
    }

    /** Closed: connections are refused until {@link #open()}. */
    public static GatedTcpProxy closedTo(String host, int port) {
        try {
            return new GatedTcpProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reserve a port for the proxy", e);
        }
    }

    public int port() {
        return port;
    }

    /** Connections accepted since opening. */
    public int acceptedConnections() {
        return accepted.get();
    }

    public synchronized boolean isOpen() {
        return listener != null;
    }

    /** From now on, connections are accepted and piped to the target. */
    public synchronized void open() {
        if (listener != null || closed) {
            return;
        }
        try {
            reservation.close();
            reservation = null;
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + port, e);
        }
        Thread acceptor = new Thread(this::accept, "gated-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        ServerSocket server;
        synchronized (this) {
            server = listener;
        }
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(client);
            try {
                Socket upstream = new Socket(target.getHostString(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // One side went away.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "gated-proxy-pipe-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reservation != null) {
            closeQuietly(reservation);
        }
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        sockets.forEach(GatedTcpProxy::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
