package dev.moduo.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The local runner as a user starts it ({@code java -jar local/target/moduo-local.jar}, no JVM flags), in a
 * process of its own so that its CPU is its own, with explicit settings: the harness's MongoDB, Stream stand-in
 * and Clerk issuer, so nothing is embedded in it and its CPU is the gateway's and the functions' alone. Its output
 * is read as it comes: each function's log line carries the API Gateway request id and the function's own
 * {@code durationMs}, which the client pairs with what it waited for.
 */
public final class RunnerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Map<String, Double> ownMillis = new ConcurrentHashMap<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CountDownLatch listening = new CountDownLatch(1);

    private RunnerProcess(Process process, int port) {
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port);
        Thread reader = new Thread(this::drain, "runner-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code jar} from {@code root} with {@code settings} as its environment and waits until it listens. */
    public static RunnerProcess start(Path root, Path jar, Map<String, String> settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", Integer.toString(port), "--no-schedules",
                "--template", root.resolve("template.yaml").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        for (String inherited : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "MONGODB_URI", "STREAM_SECRET_ID",
                "MONGODB_URI_SECRET_ID", "CLERK_JWT_KEY", "CLERK_WEBHOOK_SECRET_ID")) {
            environment.remove(inherited);
        }
        environment.putAll(settings);
        RunnerProcess runner;
        try {
            runner = new RunnerProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        runner.awaitListening(Duration.ofSeconds(60));
        return runner;
    }

    public URI base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The function's own duration of the invocation API Gateway numbered {@code requestId}, as its log line says,
     * waiting up to {@code wait} for the line (the function writes it before it answers; reading it may lag).
     */
    public Optional<Double> ownMillis(String requestId, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (true) {
            Double millis = ownMillis.get(requestId);
            if (millis != null || System.nanoTime() > until) {
                return Optional.ofNullable(millis);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Forgets the durations read so far (between phases, so the map does not grow through a long run). */
    public void forgetDurations() {
        ownMillis.clear();
    }

    private void awaitListening(Duration timeout) {
        try {
            if (!listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("The local runner did not listen within " + timeout.toSeconds() + " s:\n" + lastOutput());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void drain() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("{") && line.contains("\"durationMs\"")) {
                    record(line);
                    continue;
                }
                if (line.startsWith("Listening on ")) {
                    listening.countDown();
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 30) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // The runner is gone.
        }
    }

    private void record(String line) {
        try {
            JsonNode entry = JSON.readTree(line);
            JsonNode requestId = entry.get("requestId");
            JsonNode millis = entry.get("durationMs");
            if (requestId != null && millis != null) {
                ownMillis.put(requestId.asText(), millis.asDouble());
            }
        } catch (IOException ignored) {
            // Not a function's log line after all.
        }
    }

    public String lastOutput() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
