package dev.moduo.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, sending the way a browser or Node does: TCP_NODELAY on, the request line
 * and headers in one write and the body in a second. A client library would hide exactly what is measured here
 * (its own pooling, buffering, and whether it coalesces the two writes), so the benchmark speaks HTTP itself.
 * Not thread-safe: one per worker.
 */
public final class RawHttp implements AutoCloseable {

    /** A response: status, the gateway's request id when the backend sends one, the body. */
    public record Response(int status, String requestId, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How long an answer may take before the sample fails. */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    /** A kept-alive connection the server had closed, found so before any byte of an answer came: worth one more try. */
    private static final class ClosedWhileIdle extends IOException {
        ClosedWhileIdle(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final String hostHeader;
    private final boolean noDelay;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawHttp(URI base) {
        this(base, true);
    }

    /** {@code noDelay} false: Nagle's algorithm on, as some clients leave it (the body then waits for an ACK). */
    public RawHttp(URI base, boolean noDelay) {
        this(base, noDelay, READ_TIMEOUT_MILLIS);
    }

    RawHttp(URI base, boolean noDelay, int readTimeoutMillis) {
        this.base = base;
        this.noDelay = noDelay;
        this.readTimeoutMillis = readTimeoutMillis;
        this.hostHeader = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
    }

    public Response get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    public Response post(String path, String bearer, String json) {
        return send("POST", path, bearer, json == null ? "" : json);
    }

    /**
     * Sends one request on the open connection (opening one if needed). Sent again, once, on a new connection only
     * when the kept-alive one turns out closed by the server before any byte of an answer: anything else (a
     * timeout after the request went out, an answer cut off) fails, so no request runs twice unseen.
     */
    public Response send(String method, String path, String bearer, String json) {
        try {
            try {
                return exchange(method, path, bearer, json);
            } catch (ClosedWhileIdle idle) {
                close();
                return exchange(method, path, bearer, json);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(method + " " + base.resolve(path) + " failed", e);
        }
    }

    private Response exchange(String method, String path, String bearer, String json) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Accept: application/json\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (body != null && body.length > 0) {
                out.write(body);
                out.flush();
            }
            in.mark(1);
            int first = in.read();
            if (first == -1) {
                throw new IOException("connection closed before a response");
            }
            in.reset();
        } catch (SocketTimeoutException noAnswer) {
            throw noAnswer;
        } catch (IOException closed) {
            if (reused) {
                throw new ClosedWhileIdle("the kept-alive connection was closed", closed);
            }
            throw closed;
        }
        return read();
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        opened.setTcpNoDelay(noDelay);
        opened.setSoTimeout(readTimeoutMillis);
        opened.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream(), 16 * 1024);
        out = opened.getOutputStream();
    }

    private Response read() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String requestId = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "apigw-requestid" -> requestId = value;
                default -> {
                }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("connection closed inside an answer's body");
            }
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, requestId, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (length == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(length);
            if (chunk.length < length) {
                throw new IOException("connection closed inside an answer's body");
            }
            body.write(chunk);
            line();
        }
    }

    /** One line of the answer without its CRLF; the connection closing before its end is a failed answer. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("connection closed inside an answer");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
