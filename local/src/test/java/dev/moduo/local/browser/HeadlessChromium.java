package dev.moduo.local.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol on its own websocket with the
 * JDK's {@link WebSocket}: no browser download and no driver library. One page; scripts evaluated in it,
 * text typed into it as a keyboard would ({@code Input.insertText}), and every request it sends recorded.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> requestedUrls = new CopyOnWriteArrayList<>();
    private final List<String> console = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser on this machine: {@code CHROMIUM} if set, else the first of chromium, chromium-browser, google-chrome on PATH. */
    public static Optional<Path> find() {
        String given = System.getenv("CHROMIUM");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return NAMES.stream()
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(directory -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts it on an empty profile and opens one blank page. */
    public static HeadlessChromium start(Path executable) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("moduo-chromium-");
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=1280,1024", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String browserSocket = devtoolsAddress(process);
            URI browser = URI.create(browserSocket);
            String pageSocket = pageSocket("http://" + browser.getAuthority());
            HeadlessChromium chromium = connect(process, profile, pageSocket);
            chromium.send("Page.enable", Map.of());
            chromium.send("Runtime.enable", Map.of());
            chromium.send("Network.enable", Map.of());
            return chromium;
        } catch (IOException | RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            deleteProfile(profile);
            throw e;
        }
    }

    /** Chromium says where its DevTools listen on standard error; the rest of that stream is read and dropped. */
    private static String devtoolsAddress(Process process) throws IOException {
        BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = errors.readLine()) != null) {
                    Matcher matcher = DEVTOOLS.matcher(line);
                    if (matcher.find()) {
                        address.complete(matcher.group(1));
                    } else if (!address.isDone() && seen.length() < 8000) {
                        seen.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // The browser stopped.
            }
            address.completeExceptionally(new IOException("chromium exited without DevTools: " + seen));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("chromium did not open DevTools within 60 s: " + seen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String pageSocket(String devtools) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> targets = http.send(HttpRequest.newBuilder(URI.create(devtools + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(targets.body())) {
                if (target.path("type").asText().equals("page")) {
                    return target.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium opened no page");
    }

    private static HeadlessChromium connect(Process process, Path profile, String pageSocket) {
        Messages messages = new Messages();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), messages).join();
        HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
        messages.receiver = chromium::received;
        return chromium;
    }

    /** A DevTools command and its result; a protocol error is thrown. */
    public JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            pending.remove(id);
        }
    }

    public void navigate(String url) {
        send("Page.navigate", Map.of("url", url));
    }

    /** The value of a script run in the page (a promise is awaited); a script that throws fails the caller. */
    public JsonNode evaluate(String script) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", script, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("Script failed: " + result.get("exceptionDetails") + "\n" + script);
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition}, a script, is true in the page; says what it waited for when it never is. */
    public void waitUntil(String condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate("Boolean(" + condition + ")").asBoolean(false)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + what + "; the page's console said: " + console);
    }

    /** Types {@code text} into the focused element, as a keyboard would (React sees each change). */
    public void type(String text) {
        send("Input.insertText", Map.of("text", text));
    }

    /** Every URL the page asked for since it started, in order. */
    public List<String> requestedUrls() {
        return List.copyOf(requestedUrls);
    }

    public List<String> console() {
        return List.copyOf(console);
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Network.requestWillBeSent" -> requestedUrls.add(params.path("request").path("url").asText());
            case "Runtime.consoleAPICalled" -> console.add(params.path("type").asText() + ": " + params.path("args"));
            case "Runtime.exceptionThrown" -> console.add("exception: " + params.path("exceptionDetails"));
            default -> {
                // Other events are not needed.
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Stopping the process is what counts.
        }
        // Chromium's helpers (zygote, network service, GPU) are processes of their own that can outlive the
        // browser for a moment and still write into the profile: wait for every one of them before deleting it.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                try {
                    helper.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception stillRunning) {
                    helper.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteProfile(profile);
    }

    /** Deletes what is there; a file that vanishes meanwhile (a helper's last temporary file) is already gone. */
    private static void deleteProfile(Path profile) {
        for (int attempt = 1; Files.exists(profile); attempt++) {
            try {
                Files.walkFileTree(profile, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                        Files.deleteIfExists(directory);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
                if (attempt == 5) {
                    // A leftover temporary directory is not what the tests check: say so and go on.
                    System.err.println("Left chromium's profile " + profile + " behind: " + raced);
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Joins a message's frames (the JDK hands a long one over in parts) and passes each whole message on. */
    private static final class Messages implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Consumer<JsonNode> receiver = message -> { };

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    receiver.accept(JSON.readTree(text));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
