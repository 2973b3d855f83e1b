package dev.moduo.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's client against a server that does to each request what the test scripts: when it sends again. */
class RawHttpTest {

    /** What the server does with a request it read. */
    private enum Act {
        ANSWER, ANSWER_THEN_CLOSE, CLOSE_UNANSWERED, CUT_OFF, HOLD
    }

    private static final String ANSWER = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";

    private final Queue<Act> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Queue<Socket> accepted = new ConcurrentLinkedQueue<>();
    private final CountDownLatch ending = new CountDownLatch(1);
    private ServerSocket listener;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket socket = listener.accept();
                    accepted.add(socket);
                    Thread connection = new Thread(() -> serve(socket), "scripted-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "scripted-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        ending.countDown();
        listener.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private RawHttp client(int readTimeoutMillis) {
        return new RawHttp(URI.create("http://127.0.0.1:" + listener.getLocalPort()), true, readTimeoutMillis);
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (readRequest(in)) {
                requests.incrementAndGet();
                Act act = script.isEmpty() ? Act.ANSWER : script.poll();
                switch (act) {
                    case ANSWER -> write(socket, ANSWER);
                    case ANSWER_THEN_CLOSE -> {
                        write(socket, ANSWER);
                        return;
                    }
                    case CLOSE_UNANSWERED -> {
                        return;
                    }
                    case CUT_OFF -> {
                        write(socket, "HTTP/1.1 2");
                        return;
                    }
                    case HOLD -> {
                        ending.await(30, TimeUnit.SECONDS);
                        return;
                    }
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the test ended
        }
    }

    /** Reads one request's head and its Content-Length body; false when the client closed the connection first. */
    private static boolean readRequest(InputStream in) throws IOException {
        int length = 0;
        String line = line(in);
        if (line == null) {
            return false;
        }
        while (!(line = line(in)).isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.readNBytes(length);
        return true;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                return null;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsSentAgainOnANewOne() {
        script.add(Act.ANSWER_THEN_CLOSE);
        try (RawHttp http = client(5_000)) {
            assertEquals(201, http.post("/api/sessions", null, "{}").status());

            assertEquals(201, http.post("/api/sessions", null, "{}").status());
        }
        assertEquals(2, requests.get(), "the second request reached the server once, on the new connection");
    }

    /** The request went out whole and the server works on it: sending it again would run a POST twice. */
    @Test
    void aRequestLeftUnansweredUntilTheReadTimeoutFailsWithoutBeingSentAgain() {
        script.add(Act.ANSWER);
        script.add(Act.HOLD);
        try (RawHttp http = client(300)) {
            assertEquals(201, http.post("/api/sessions", null, "{}").status());

            assertThrows(UncheckedIOException.class, () -> http.post("/api/sessions", null, "{}"));
        }
        assertEquals(2, requests.get());
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerFailsWithoutBeingSentAgain() {
        script.add(Act.CLOSE_UNANSWERED);
        try (RawHttp http = client(5_000)) {
            assertThrows(UncheckedIOException.class, () -> http.post("/api/sessions", null, "{}"));
        }
        assertEquals(1, requests.get());
    }

    @Test
    void anAnswerCutOffInItsStatusLineFailsWithoutBeingSentAgain() {
        script.add(Act.ANSWER);
        script.add(Act.CUT_OFF);
        try (RawHttp http = client(5_000)) {
            assertEquals(201, http.post("/api/sessions", null, "{}").status());

            assertThrows(UncheckedIOException.class, () -> http.post("/api/sessions", null, "{}"));
        }
        assertEquals(2, requests.get());
    }
}
