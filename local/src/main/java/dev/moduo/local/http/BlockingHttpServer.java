package dev.moduo.local.http;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runner's HTTP/1.1 server: one thread per connection, which reads a request, runs the handler (and so the
 * function) itself, writes the response and reads the next request on the same connection.
 *
 * <p>Why not the JDK's {@code HttpServer}: it hands every request from its dispatcher thread to a worker, and hands
 * a keep-alive connection back to the dispatcher after each response, which must wake up and register it again
 * before the next request on it is even read. Two wake-ups per request on the critical path: on a busy machine each
 * costs up to milliseconds, which a user of the runner would take for the function's. Here the only wake-up is the
 * connection's thread when the request arrives. A response goes out in one write (headers and body), with
 * TCP_NODELAY, so no Nagle/delayed-ACK pause can arise on this side either.
 *
 * <p>What it speaks: request bodies by {@code Content-Length} or chunked, {@code Expect: 100-continue}, keep-alive
 * (HTTP/1.1 by default, HTTP/1.0 on request), {@code Connection: close}, HEAD. A malformed request gets 400 and
 * the connection is closed.
 */
public final class BlockingHttpServer implements AutoCloseable {

    /** Connections served at once; one more is closed at once (a dev server, not a load balancer). */
    static final int MAX_CONNECTIONS = 1024;
    /** How long an idle keep-alive connection is kept. */
    static final int IDLE_MILLIS = 60_000;

    private final ServerSocket listener;
    private volatile HttpHandler handler;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean stopping;

    private BlockingHttpServer(ServerSocket listener) {
        this.listener = listener;
        AtomicInteger count = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "request-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Not a daemon: `java -jar moduo-local.jar` lives as long as it listens (its main thread ends after start-up).
        this.acceptor = new Thread(this::accept, "http-accept");
    }

    /** Binds {@code address} (backlog {@code backlog}); nothing is served until {@link #start}. */
    public static BlockingHttpServer bind(InetSocketAddress address, int backlog) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        try {
            listener.bind(address, backlog);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new BlockingHttpServer(listener);
    }

    /** Serves every request with {@code handler}, from now on. */
    public void start(HttpHandler handler) {
        this.handler = handler;
        acceptor.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The thread that accepts connections. */
    Thread listeningThread() {
        return acceptor;
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                continue;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Connection connection = new Connection(socket);
            while (!stopping) {
                socket.setSoTimeout(IDLE_MILLIS);
                BlockingExchange exchange;
                try {
                    exchange = connection.next();
                } catch (Connection.BadRequest e) {
                    connection.refuse(400, e.getMessage());
                    return;
                }
                if (exchange == null) {
                    return;
                }
                socket.setSoTimeout(IDLE_MILLIS / 2);
                try {
                    handler.handle(exchange);
                } catch (RuntimeException | IOException e) {
                    exchange.abort();
                }
                if (!exchange.finish()) {
                    return;
                }
            }
        } catch (SocketException closed) {
            // The client went away, or the server is stopping.
        } catch (IOException e) {
            // The connection failed; there is nobody left to answer.
        } finally {
            open.remove(socket);
        }
    }

    /** Stops accepting and closes every connection; requests being served end with their connection. */
    @Override
    public void close() {
        stopping = true;
        closeQuietly(listener);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        connections.shutdownNow();
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
