package dev.moduo.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The provider is the one SLF4J binds, and libraries reach it: checked in this JVM, and in fresh JVMs on this
 * module's class path (where SLF4J would print its "no providers" or "multiple providers" warnings on standard error).
 */
class JsonLinesProviderTest {

    @Test
    void slf4jBindsThisProvider() {
        assertInstanceOf(JsonLinesLoggerFactory.class, LoggerFactory.getILoggerFactory());
    }

    @Test
    void aFreshJvmBindsItWithoutAWordFromSlf4j() {
        Run run = probe(Map.of("AWS_LAMBDA_FUNCTION_NAME", "moduo-ProbeFunction"), "warn");

        assertEquals("", run.err(), "standard error");
        JsonNode line = LogLines.parse(run.out().trim());
        assertEquals("WARN", line.path("level").asText());
        assertEquals("moduo-ProbeFunction", line.path("function").asText());
        assertEquals("probe", line.path("logger").asText());
        assertEquals("probe warning", line.path("message").asText());
    }

    @Test
    void theMongoDbDriverLogsThroughItAndItsLinesCarryNoPassword() throws IOException {
        int refusing;
        try (ServerSocket socket = new ServerSocket(0)) {
            refusing = socket.getLocalPort();
        }
        Run run = probe(Map.of("AWS_LAMBDA_LOG_LEVEL", "INFO"), "mongo",
                "mongodb://moduo:hunter2-secret@127.0.0.1:" + refusing + "/moduo?serverSelectionTimeoutMS=500");

        assertEquals("", run.err(), "standard error");
        List<JsonNode> lines = run.out().lines().map(LogLines::parse).toList();
        assertTrue(lines.stream().anyMatch(line -> line.path("logger").asText().startsWith("org.mongodb.driver.")
                && line.path("level").asText().equals("INFO")), run::out);
        assertTrue(lines.stream().anyMatch(line -> line.path("error").asText().startsWith("MongoTimeoutException")), run::out);
        assertFalse(run.out().contains("hunter2"), run::out);
    }

    @Test
    void micronautLogsThroughIt() {
        Run run = probe(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG"), "micronaut");

        assertEquals("", run.err(), "standard error");
        assertTrue(run.out().lines().map(LogLines::parse)
                .anyMatch(line -> line.path("logger").asText().startsWith("io.micronaut.")), run::out);
    }

    private record Run(String out, String err) {
    }

    private static Run probe(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), LoggingProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JAVA_TOOL_OPTIONS")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the probe did not finish: " + command);
            }
            assertEquals(0, process.exitValue(), () -> "probe exit; stderr: " + err.join());
            return new Run(out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Surefire runs tests from a manifest-only jar; the class path it stands for is in this property. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** A thread of its own per stream: a child blocked on a full pipe would never exit. */
    private static CompletableFuture<String> read(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "probe-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
