package dev.moduo.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogThresholdTest {

    @Test
    void unsetIsWarn() {
        assertEquals(Level.WARN, LogThreshold.parse(null).level());
        assertEquals(Level.WARN, LogThreshold.parse(" ").level());
    }

    @Test
    void lambdasLevelNamesAreReadInAnyCase() {
        assertEquals(Level.TRACE, LogThreshold.parse("TRACE").level());
        assertEquals(Level.DEBUG, LogThreshold.parse("debug").level());
        assertEquals(Level.INFO, LogThreshold.parse(" Info ").level());
        assertEquals(Level.WARN, LogThreshold.parse("WARN").level());
        assertEquals(Level.ERROR, LogThreshold.parse("ERROR").level());
    }

    @Test
    void fatalWritesErrorsOnly() {
        LogThreshold fatal = LogThreshold.parse("FATAL");

        assertTrue(fatal.admits(Level.ERROR));
        assertFalse(fatal.admits(Level.WARN));
        assertTrue(fatal.problem().isEmpty());
    }

    @Test
    void aThresholdAdmitsItsLevelAndMoreSevereOnes() {
        LogThreshold info = LogThreshold.parse("INFO");

        assertTrue(info.admits(Level.ERROR));
        assertTrue(info.admits(Level.INFO));
        assertFalse(info.admits(Level.DEBUG));
    }

    @Test
    void anUnknownLevelIsWarnAndTheProblemIsNamed() {
        LogThreshold loud = LogThreshold.parse("LOUD");

        assertEquals(Level.WARN, loud.level());
        assertEquals("AWS_LAMBDA_LOG_LEVEL 'LOUD' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL: logging at WARN",
                loud.problem().orElseThrow());
    }

    @Test
    void theFactoryTakesLevelAndFunctionFromLambdasVariables() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        JsonLinesLoggerFactory factory = JsonLinesLoggerFactory.from(
                Map.of("AWS_LAMBDA_LOG_LEVEL", "INFO", "AWS_LAMBDA_FUNCTION_NAME", "moduo-GetSessionFunction-x1"),
                Clock.fixed(LogLines.NOW, ZoneOffset.UTC), () -> out);

        factory.getLogger("org.mongodb.driver.client").info("MongoClient created");

        JsonNode line = LogLines.parse(bytes.toString(StandardCharsets.UTF_8).trim());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("moduo-GetSessionFunction-x1", line.path("function").asText());
    }

    @Test
    void theFactorySaysOnceThatItCannotReadTheLevel() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        JsonLinesLoggerFactory.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "verbose"), Clock.fixed(LogLines.NOW, ZoneOffset.UTC),
                () -> out);

        List<JsonNode> lines = bytes.toString(StandardCharsets.UTF_8).lines().map(LogLines::parse).toList();
        assertEquals(1, lines.size());
        assertEquals("WARN", lines.get(0).path("level").asText());
        assertEquals(JsonLinesProvider.class.getName(), lines.get(0).path("logger").asText());
        assertTrue(lines.get(0).path("message").asText().startsWith("AWS_LAMBDA_LOG_LEVEL 'verbose' is not one of"));
    }
}
