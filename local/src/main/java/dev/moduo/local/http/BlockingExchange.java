package dev.moduo.local.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a {@link Connection}, as the JDK's {@code HttpExchange} API has it, so the gateway
 * is written against the usual API. The response's head and its body go out in one write.
 */
final class BlockingExchange extends HttpExchange {

    /** Most of an unread request body read away to keep the connection; past it the connection is closed. */
    private static final long DRAIN_LIMIT = 1024 * 1024;

    private final Connection connection;
    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final InputStream requestBody;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final Thread servingThread = Thread.currentThread();
    private boolean keepAlive;
    private int status = -1;
    private ResponseBody responseBody;

    BlockingExchange(Connection connection, String method, URI uri, String protocol, Headers requestHeaders,
                     InputStream requestBody, boolean keepAlive) {
        this.connection = connection;
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.requestHeaders = requestHeaders;
        this.requestBody = requestBody;
        this.keepAlive = keepAlive;
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public synchronized OutputStream getResponseBody() {
        if (responseBody == null) {
            throw new IllegalStateException("sendResponseHeaders first");
        }
        return responseBody;
    }

    /**
     * {@code length}: the body's length, -1 for none. The JDK's 0 for a body of unknown length (chunked) is refused:
     * every answer of the runner is whole before it is sent. Called from another thread than the one serving the connection (an answer sent while the
     * function still runs), the connection is closed after it, so the client's next request does not wait.
     */
    @Override
    public synchronized void sendResponseHeaders(int code, long length) throws IOException {
        if (status != -1) {
            throw new IOException("headers already sent");
        }
        if (length == 0) {
            throw new IllegalArgumentException("a body of unknown length (chunked) is not sent by this server; give its length");
        }
        status = code;
        if (Thread.currentThread() != servingThread) {
            keepAlive = false;
        }
        boolean head = method.equalsIgnoreCase("HEAD");
        boolean bodiless = code < 200 || code == 204 || code == 304;
        StringBuilder text = new StringBuilder(256).append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        text.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (length > 0) {
            responseHeaders.set("Content-Length", Long.toString(length));
        } else if (!head && !bodiless) {
            responseHeaders.set("Content-Length", "0");
        }
        if (!keepAlive) {
            responseHeaders.set("Connection", "close");
        } else if (!protocol.equals("HTTP/1.1")) {
            // An HTTP/1.0 client that asked to keep the connection keeps it only when the answer agrees; else it
            // waits for the close, which comes only at the idle timeout.
            responseHeaders.set("Connection", "keep-alive");
        }
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            for (String value : header.getValue()) {
                text.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        text.append("\r\n");
        byte[] headBytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        long bodyLength = head || bodiless ? -1 : length;
        responseBody = new ResponseBody(connection.out(), headBytes, bodyLength);
        if (bodyLength == -1) {
            responseBody.close();
        }
    }

    /**
     * The handler failed, or returned without answering: if nothing was sent yet, a 400 saying what was wrong with
     * the request's body when it could not be read as chunked, else a 500. The connection is not kept either way.
     */
    synchronized void abort() {
        keepAlive = false;
        if (status != -1) {
            return;
        }
        // Headers the handler set belong to the response it did not send.
        responseHeaders.clear();
        String malformed = requestBody instanceof Connection.ChunkedBody chunked ? chunked.malformation() : null;
        try {
            if (malformed == null) {
                sendResponseHeaders(500, -1);
                return;
            }
            byte[] message = malformed.getBytes(StandardCharsets.UTF_8);
            responseHeaders.set("Content-Type", "text/plain; charset=utf-8");
            sendResponseHeaders(400, message.length);
            responseBody.write(message);
            responseBody.close();
        } catch (IOException ignored) {
            // The client is gone.
        }
    }

    /**
     * After the handler returned: whether the connection can serve another request (the response was sent whole,
     * the request's body was read to its end, and neither side asked to close). A request the handler left
     * unanswered (it gave up on a body it could not read, say) is answered here, so the client is never left with
     * a closed connection and no status.
     */
    synchronized boolean finish() {
        if (status == -1) {
            abort();
            return false;
        }
        if (!responseBody.finished()) {
            return false;
        }
        if (!keepAlive) {
            return false;
        }
        try {
            long drained = 0;
            byte[] buffer = new byte[8192];
            for (int read = requestBody.read(buffer); read != -1; read = requestBody.read(buffer)) {
                drained += read;
                if (drained > DRAIN_LIMIT) {
                    return false;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    @Override
    public synchronized void close() {
        if (responseBody != null) {
            try {
                responseBody.close();
            } catch (IOException ignored) {
                // finish() sees the response incomplete and closes the connection.
            }
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return (InetSocketAddress) connection.socket().getRemoteSocketAddress();
    }

    @Override
    public synchronized int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return (InetSocketAddress) connection.socket().getLocalSocketAddress();
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        throw new UnsupportedOperationException("filters are not used by the runner");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 400 ? "OK" : "Error";
        };
    }

    /** The response's bytes: the head first, then the body; held back until the body is whole (or flushed). */
    private static final class ResponseBody extends OutputStream {
        private final OutputStream socket;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(4096);
        private final long length;
        private long written;
        private boolean closed;

        ResponseBody(OutputStream socket, byte[] head, long length) {
            this.socket = socket;
            this.length = length;
            pending.writeBytes(head);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int count) throws IOException {
            if (closed) {
                throw new IOException("response already sent");
            }
            if (count == 0) {
                return;
            }
            if (length == -1 || written + count > length) {
                throw new IOException("more bytes than the response's length");
            }
            pending.write(bytes, offset, count);
            written += count;
        }

        @Override
        public synchronized void flush() throws IOException {
            send();
        }

        /** Sends what is held back and flushes the socket. */
        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            send();
            if (length > 0 && written < length) {
                throw new IOException("fewer bytes than the response's length");
            }
        }

        synchronized boolean finished() {
            return closed && (length <= 0 || written == length);
        }

        private void send() throws IOException {
            if (pending.size() > 0) {
                socket.write(pending.toByteArray());
                socket.flush();
                pending.reset();
            }
        }
    }
}
