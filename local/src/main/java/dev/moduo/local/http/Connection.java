package dev.moduo.local.http;

import com.sun.net.httpserver.Headers;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import jdk.net.ExtendedSocketOptions;

/** One client connection: reads its requests one after another and writes their answers. */
final class Connection {

    /** The longest request line or header line, and all header lines together. */
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADERS = 64 * 1024;

    /** A request this server cannot read: answered 400 and the connection closed. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    OutputStream out() {
        return out;
    }

    /** The next request, or null when the client closed the connection (or left it idle) between requests. */
    BlockingExchange next() throws IOException, BadRequest {
        String requestLine;
        try {
            requestLine = line(true);
            // Tolerated by HTTP/1.1 (RFC 9112 2.2): empty lines before a request.
            while (requestLine != null && requestLine.isEmpty()) {
                requestLine = line(true);
            }
        } catch (SocketTimeoutException idle) {
            return null;
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest("Bad request line");
        }
        URI target;
        try {
            target = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new BadRequest("Bad request target");
        }
        Headers headers = new Headers();
        int total = 0;
        for (String header = line(false); !header.isEmpty(); header = line(false)) {
            total += header.length();
            if (total > MAX_HEADERS) {
                throw new BadRequest("Request headers too large");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("Bad header line");
            }
            headers.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        String protocol = parts[2];
        InputStream body = body(headers);
        acknowledgeNow(body);
        if ("100-continue".equalsIgnoreCase(headers.getFirst("Expect")) && protocol.equals("HTTP/1.1")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        return new BlockingExchange(this, parts[0], target, protocol, headers, body, keepAlive(protocol, headers));
    }

    /**
     * A client with Nagle's algorithm on that writes a request's headers and its body apart holds the body back until
     * the headers are acknowledged, and Linux delays that acknowledgement (up to ~40 ms) hoping to ride on an answer
     * that cannot come before the body. So when a body is still to come, the acknowledgement goes out now.
     */
    private void acknowledgeNow(InputStream body) throws IOException {
        if (QUICK_ACK && (body instanceof ChunkedBody || (body instanceof LengthBody length && length.remaining > in.available()))) {
            socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        }
    }

    private static final boolean QUICK_ACK = quickAckSupported();

    private static boolean quickAckSupported() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes a response of the server's own (a request it could not read) and gives up the connection. */
    void refuse(int status, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + BlockingExchange.reason(status) + "\r\nContent-Type: text/plain; charset=utf-8"
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // The client is gone.
        }
    }

    private InputStream body(Headers headers) throws BadRequest {
        String encoding = headers.getFirst("Transfer-Encoding");
        if (encoding != null) {
            if (!encoding.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
                throw new BadRequest("Unsupported Transfer-Encoding");
            }
            return new ChunkedBody(in);
        }
        String length = headers.getFirst("Content-Length");
        if (length == null) {
            return new LengthBody(in, 0);
        }
        try {
            long declared = Long.parseLong(length.trim());
            if (declared < 0) {
                throw new BadRequest("Bad Content-Length");
            }
            return new LengthBody(in, declared);
        } catch (NumberFormatException e) {
            throw new BadRequest("Bad Content-Length");
        }
    }

    private static boolean keepAlive(String protocol, Headers headers) {
        String connection = headers.getFirst("Connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            return false;
        }
        return protocol.equals("HTTP/1.1") || (connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive"));
    }

    /** A line without its CRLF (a bare LF is accepted); null at the end of the stream before any byte, if allowed. */
    private String line(boolean endAllowed) throws IOException, BadRequest {
        StringBuilder line = new StringBuilder(80);
        while (true) {
            int c = in.read();
            if (c == -1) {
                if (endAllowed && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new BadRequest("Request line or header too long");
            }
            line.append((char) c);
            endAllowed = false;
        }
    }

    /** A body of a known length: EOF at its end, never reading into the next request. */
    static final class LengthBody extends InputStream {
        private final InputStream in;
        private long remaining;

        LengthBody(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed inside a request body");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read == -1) {
                throw new EOFException("connection closed inside a request body");
            }
            remaining -= read;
            return read;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }
    }

    /** A chunked body (RFC 9112 7.1): the chunks' data, EOF after the last chunk and its trailers. */
    static final class ChunkedBody extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean done;
        private volatile String malformation;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        /** What was wrong with the chunks, once reading them failed on that; null while nothing was. */
        String malformation() {
            return malformation;
        }

        private IOException malformed(String message) {
            malformation = message;
            return new IOException(message);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                remaining = nextChunkSize();
                if (remaining == 0) {
                    done = true;
                    // Trailer lines up to the empty one.
                    while (!readLine().isEmpty()) {
                        // trailers are not used
                    }
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read == -1) {
                throw new EOFException("connection closed inside a chunk");
            }
            remaining -= read;
            if (remaining == 0) {
                readLine();
            }
            return read;
        }

        private long nextChunkSize() throws IOException {
            String line = readLine();
            int extension = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension >= 0 ? line.substring(0, extension) : line).trim(), 16);
            } catch (NumberFormatException e) {
                throw malformed("Bad chunk size in the chunked request body");
            }
            if (size < 0) {
                throw malformed("Bad chunk size in the chunked request body");
            }
            return size;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) {
                    throw new EOFException("connection closed inside a chunked body");
                }
                if (line.length() > MAX_LINE) {
                    throw malformed("Chunk line too long in the chunked request body");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
