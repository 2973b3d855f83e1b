package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code --web DIR}: the runner serves a built web client from DIR on its own origin beside /api, with
 * the one rewrite rule CloudFront applies too (no file extension in the last segment: index.html), and
 * nothing outside DIR. DIR here is a copy of examples/web-client with a secret beside it and symbolic
 * links pointing out of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientFilesTest {

    static final Path EXAMPLE_CLIENT = Path.of("../examples/web-client");
    private static final String SECRET = "not for the web";

    private final List<String> log = new CopyOnWriteArrayList<>();
    private Path workspace;
    private Path web;
    private LocalRunner runner;
    private Http http;

    @BeforeAll
    void startRunner() throws IOException {
        workspace = Files.createTempDirectory("moduo-web");
        web = workspace.resolve("dist");
        copy(EXAMPLE_CLIENT, web);
        Files.writeString(workspace.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(web.resolve("leak.txt"), workspace.resolve("secret.txt"));
        Files.createSymbolicLink(web.resolve("outside"), workspace);
        runner = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(ContractFlowTests.TEMPLATE)
                .withWeb(web), WebClientCookieFlowTest.EMBEDDED, log::add);
        http = new Http(runner.baseUrl());
    }

    @AfterAll
    void stopRunner() throws IOException {
        if (runner != null) {
            runner.close();
        }
        try (Stream<Path> paths = Files.walk(workspace)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void rootIsIndexHtmlThatBrowsersMustRevalidate() throws IOException {
        Http.Reply reply = http.get("/", null);

        assertEquals(200, reply.status());
        assertEquals("text/html; charset=utf-8", reply.header("content-type"));
        assertEquals("no-cache", reply.header("cache-control"));
        assertEquals(Files.readString(web.resolve("index.html")), reply.text());
    }

    @Test
    void pathsWithoutAnExtensionInTheLastSegmentGetIndexHtml() throws IOException {
        for (String route : List.of("/dashboard", "/session/65a1b2c3d4e5f6a7b8c9d0e1", "/session/abc/", "/a.b/c", "/api")) {
            Http.Reply reply = http.get(route, null);

            assertEquals(200, reply.status(), route);
            assertEquals("text/html; charset=utf-8", reply.header("content-type"), route);
            assertEquals(Files.readString(web.resolve("index.html")), reply.text(), route);
        }
    }

    @Test
    void filesAreServedWithTheirContentType() throws IOException {
        Http.Reply script = http.get("/assets/app.js", null);
        Http.Reply style = http.get("/assets/style.css", null);

        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.header("content-type"));
        assertEquals(Files.readString(web.resolve("assets/app.js")), script.text());
        assertEquals("text/css; charset=utf-8", style.header("content-type"));
        assertEquals(null, script.header("cache-control"), "only index.html is marked no-cache");
    }

    @Test
    void aMissingFileIsNotFoundRatherThanIndexHtml() {
        Http.Reply reply = http.get("/assets/missing.js", null);

        assertEquals(404, reply.status());
        assertEquals("Not Found", reply.json().get("message").asText());
    }

    @Test
    void headAnswersAsGetWouldWithoutABody() throws IOException {
        Http.Reply reply = http.send(http.request("/session/abc").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertEquals(200, reply.status());
        assertEquals("text/html; charset=utf-8", reply.header("content-type"));
        assertEquals(Long.toString(Files.size(web.resolve("index.html"))), reply.header("content-length"));
        assertEquals(0, reply.bytes().length);
    }

    @Test
    void otherMethodsOnTheWebClientsPathsAre405() {
        Http.Reply reply = http.post("/dashboard", null, "{}");

        assertEquals(405, reply.status());
        assertEquals("GET, HEAD", reply.header("allow"));
    }

    @Test
    void dotDotSegmentsAreRefusedHoweverTheyAreSpelled() {
        for (String path : List.of("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                "/%2E%2E/secret.txt", "/assets/..%2f..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
                "/./index.html", "/assets/app.js%00.txt")) {
            RawReply reply = rawGet(path);

            assertEquals(400, reply.status(), path);
            assertFalse(reply.text().contains(SECRET), path);
        }
    }

    @Test
    void symbolicLinksOutOfTheDirectoryAreNotFollowed() {
        for (String path : List.of("/leak.txt", "/outside/secret.txt")) {
            Http.Reply reply = http.get(path, null);

            assertEquals(404, reply.status(), path);
            assertFalse(reply.text().contains(SECRET), path);
        }
    }

    @Test
    void apiErrorsStayJsonAndNeverBecomeIndexHtml() {
        for (String path : List.of("/api/", "/api/nothing-here", "/api/sessions/recent/extra")) {
            Http.Reply reply = http.get(path, null);

            assertEquals(404, reply.status(), path);
            assertEquals("application/json", reply.header("content-type"), path);
            assertEquals("Not Found", reply.json().get("message").asText(), path);
        }
        Http.Reply unauthenticated = http.get("/api/sessions/active", null);
        assertEquals(401, unauthenticated.status());
        assertTrue(unauthenticated.header("content-type").startsWith("application/json"), unauthenticated::toString);
    }

    @Test
    void theRunnersOwnPathsAreNotTheWebClients() {
        Http.Reply reply = http.get("/_local/nothing", null);

        assertEquals(404, reply.status());
        assertEquals("application/json", reply.header("content-type"));
    }

    @Test
    void startUpNamesTheWebClientAndItsRule() throws IOException {
        String directory = web.toRealPath().toString();
        assertTrue(runner.announcements().stream().anyMatch(line -> line.startsWith("Web client: " + directory)
                && line.contains("no file extension gets index.html")), runner.announcements()::toString);
    }

    @Test
    void aDirectoryWithoutIndexHtmlIsRefusedBeforeTheRunnerStarts() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LocalRunner.start(
                RunnerOptions.defaults().withPort(0).withTemplate(ContractFlowTests.TEMPLATE).withWeb(web.resolve("assets")),
                Map.of(), line -> { }));

        assertEquals("--web " + web.resolve("assets") + " has no index.html (point it at the web client's build output,"
                + " e.g. dist/)", refused.getMessage());
    }

    private record RawReply(int status, String text) {
    }

    /** Exactly the bytes given as the request target: an HTTP client library might tidy the path first. */
    private RawReply rawGet(String target) {
        try (Socket socket = new Socket("127.0.0.1", runner.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RawReply(Integer.parseInt(text.substring(9, 12)), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
