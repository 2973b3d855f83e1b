package dev.moduo.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;

/** A logger factory whose lines a test reads back: fixed clock, output in memory. */
final class LogLines {

    static final Instant NOW = Instant.parse("2025-03-04T05:06:07.089Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final JsonLinesLoggerFactory factory;

    private LogLines(String level, String function) {
        factory = new JsonLinesLoggerFactory(LogThreshold.parse(level),
                new JsonLineWriter(() -> out, Clock.fixed(NOW, ZoneOffset.UTC), function));
    }

    static LogLines at(String level) {
        return new LogLines(level, "moduo-CreateSessionFunction");
    }

    static LogLines withoutFunction() {
        return new LogLines("WARN", null);
    }

    Logger logger(String name) {
        return factory.getLogger(name);
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Each line, as JSON (a line that is not one JSON object fails the test). */
    List<JsonNode> lines() {
        return text().lines().map(LogLines::parse).toList();
    }

    JsonNode onlyLine() {
        List<JsonNode> lines = lines();
        if (lines.size() != 1) {
            throw new AssertionError("expected one line, got " + lines.size() + ":\n" + text());
        }
        return lines.get(0);
    }

    static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new AssertionError("not a JSON object: " + start(line));
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + start(line), e);
        }
    }

    private static String start(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "... (" + line.length() + " characters)";
    }
}
