package dev.moduo.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner's HTTP/1.1 server, spoken to byte by byte as clients speak it. */
class BlockingHttpServerTest {

    private BlockingHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = BlockingHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.start(BlockingHttpServerTest::echo);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Answers "<method> <path> <body>"; "/elsewhere" answers from another thread; "/unanswered" returns without
     * answering, giving up on a body it cannot read as the runner's gateway does.
     */
    private static void echo(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/unanswered")) {
            try {
                exchange.getRequestBody().readAllBytes();
            } catch (IOException clientGone) {
                // what LocalGateway does: nobody to answer
            }
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                + new String(body, StandardCharsets.UTF_8);
        byte[] answer = text.getBytes(StandardCharsets.UTF_8);
        if (exchange.getRequestURI().getPath().equals("/elsewhere")) {
            CompletableFuture.runAsync(() -> {
                try {
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).join();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : answer.length);
        if (!exchange.getRequestMethod().equals("HEAD")) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
        exchange.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** A response read off the wire: status, headers (lower-case names), body by Content-Length. */
    private record Reply(int status, Map<String, String> headers, String body) {
    }

    private static Reply read(InputStream in, boolean withBody) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
        return new Reply(Integer.parseInt(status.split(" ")[1]), headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("closed before a line ended: " + line);
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void twoRequestsOnOneKeptAliveConnectionAreBothAnswered() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("GET /one ", read(in, true).body());
            send(socket, "GET /two HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("GET /two ", read(in, true).body());
        }
    }

    @Test
    void aBodyThatComesAfterItsHeadersInASecondWriteIsRead() throws Exception {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n");
            TimeUnit.MILLISECONDS.sleep(50);
            send(socket, "{\"a\":1}");
            assertEquals("POST /things {\"a\":1}", read(in, true).body());
        }
    }

    @Test
    void aChunkedBodyIsReadToItsLastChunk() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\n\r\n");
            assertEquals("POST /c abcdefg", read(in, true).body());
            send(socket, "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("GET /after ", read(in, true).body());
        }
    }

    @Test
    void aClientThatExpectsContinueGetsItBeforeItSendsTheBody() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", line(in));
            assertEquals("", line(in));
            send(socket, "hi");
            assertEquals("POST /e hi", read(in, true).body());
        }
    }

    @Test
    void headAnswersTheHeadersAndNoBody() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply head = read(in, false);
            assertEquals(200, head.status());
            send(socket, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("GET /next ", read(in, true).body(), "a body after HEAD's headers would have been read here");
        }
    }

    @Test
    void connectionCloseIsAnsweredThenTheConnectionCloses() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Reply reply = read(in, true);
            assertEquals("close", reply.headers().get("connection"));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterItsAnswer() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /old HTTP/1.0\r\n\r\n");
            assertEquals("GET /old ", read(in, true).body());
            assertEquals(-1, in.read());
        }
    }

    /** An HTTP/1.0 client keeps the connection only when the answer says keep-alive; else it waits for the close. */
    @Test
    void http10KeepAliveIsAnsweredKeepAliveAndServesTheNextRequest() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Reply reply = read(in, true);
            assertEquals("GET /old ", reply.body());
            assertEquals("keep-alive", reply.headers().get("connection"));
            send(socket, "GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("GET /again ", read(in, true).body());
        }
    }

    @Test
    void aMalformedRequestGets400AndTheConnectionCloses() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "NONSENSE\r\n\r\n");
            assertEquals(400, read(in, true).status());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aMalformedChunkedBodyTheHandlerGaveUpOnGets400AndTheConnectionCloses() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /unanswered HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabcd\r\n0\r\n\r\n");
            Reply reply = read(in, true);
            assertEquals(400, reply.status());
            assertEquals("Bad chunk size in the chunked request body", reply.body());
            assertEquals("close", reply.headers().get("connection"));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aRequestTheHandlerLeftUnansweredGets500AndTheConnectionCloses() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /unanswered HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
            Reply reply = read(in, true);
            assertEquals(500, reply.status());
            assertEquals("close", reply.headers().get("connection"));
            assertEquals(-1, in.read());
        }
    }

    /** An answer sent while the serving thread is still busy (a function past its Timeout) must not hold the client. */
    @Test
    void anAnswerSentFromAnotherThreadClosesTheConnectionAfterIt() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply reply = read(in, true);
            assertEquals("GET /elsewhere ", reply.body());
            assertEquals("close", reply.headers().get("connection"));
            assertEquals(-1, in.read());
        }
    }

    /** The runner's main thread ends after start-up: the listening thread is what keeps `java -jar` running. */
    @Test
    void theListeningThreadKeepsTheJvmAlive() {
        Thread listening = server.listeningThread();
        assertTrue(listening.isAlive());
        assertFalse(listening.isDaemon());
    }

    @Test
    void everyResponseSaysItsLengthAndDate() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /d HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply reply = read(in, true);
            assertEquals(Integer.toString("GET /d ".length()), reply.headers().get("content-length"));
            assertTrue(reply.headers().containsKey("date"));
            assertFalse(reply.headers().containsKey("transfer-encoding"));
        }
    }
}
