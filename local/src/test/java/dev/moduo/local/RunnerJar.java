package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built jar, {@code local/target/moduo-local.jar}, run as a user runs it: {@code java -jar} in a child
 * process, with none of this machine's Moduo settings (so the embedded defaults start), in a working
 * directory the test chooses. For the integration tests failsafe runs after {@code package}.
 */
public final class RunnerJar {

    /** The settings that would replace an embedded default; removed from the child's environment. */
    public static final List<String> SETTINGS = List.of("MONGODB_URI", "MONGODB_URI_SECRET_ID", "STREAM_API_KEY",
            "STREAM_API_SECRET", "STREAM_SECRET_ID", "CLERK_JWKS_URL", "CLERK_JWT_KEY", "CLERK_AUTHORIZED_PARTIES",
            "CLERK_WEBHOOK_SECRET", "CLERK_WEBHOOK_SECRET_ID", "CORS_ALLOWED_ORIGINS", "PORT");
    private static final Pattern LISTENING = Pattern.compile("^Listening on (http://\\S+) ");
    private static final long TIMEOUT_SECONDS = 120;

    private RunnerJar() {
    }

    /** Where the jar is: failsafe names it; a run from an IDE finds it under target/. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("moduo.local.jar", "target/moduo-local.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "No runner jar at " + jar + ": build it with mvn package first");
        return jar;
    }

    /** The repository's root, which has template.yaml, openapi.yaml and events/. */
    public static Path repositoryRoot() {
        return Path.of(System.getProperty("moduo.repository.root", "..")).toAbsolutePath().normalize();
    }

    private static ProcessBuilder java(Path workingDirectory, Map<String, String> environment, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        SETTINGS.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs a command of the jar to its end with {@code stdin} as standard input. */
    public static Run run(Path workingDirectory, Map<String, String> environment, byte[] stdin, String... args) {
        try {
            Process process = java(workingDirectory, environment, List.of(args)).start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // It exited without reading its input; its exit status says why.
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("java -jar moduo-local.jar " + String.join(" ", args) + " ran over "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Run(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Run run(Path workingDirectory, String... args) {
        return run(workingDirectory, Map.of(), new byte[0], args);
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Starts the runner ({@code --port 0}) and returns once it says where it listens. */
    public static Server serve(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(args));
        Process process = java(workingDirectory, Map.of(), all).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<String> baseUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        baseUrl.complete(matcher.group(1));
                    }
                }
            } catch (IOException ignored) {
                // Stopped.
            }
            baseUrl.completeExceptionally(new IllegalStateException("The runner stopped before listening: " + lines));
        }, "runner-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Server(process, baseUrl.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), lines);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("The runner did not start: " + lines, e);
        }
    }

    /** How a command ended, and all it printed. */
    public record Run(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** A runner started from the jar; closing stops it. */
    public record Server(Process process, String baseUrl, List<String> output) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
