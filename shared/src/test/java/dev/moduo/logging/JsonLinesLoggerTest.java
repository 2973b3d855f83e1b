package dev.moduo.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class JsonLinesLoggerTest {

    private static final String DRIVER_LOGGER = "org.mongodb.driver.cluster";

    @Test
    void aWarningIsOneJsonLineWithTimestampLevelFunctionLoggerAndMessage() {
        LogLines log = LogLines.at("WARN");

        log.logger(DRIVER_LOGGER).warn("Server {} is not a member of replica set {}", "db-2:27017", "rs0");

        JsonNode line = log.onlyLine();
        assertEquals("2025-03-04T05:06:07.089Z", line.path("timestamp").asText());
        assertEquals("WARN", line.path("level").asText());
        assertEquals("moduo-CreateSessionFunction", line.path("function").asText());
        assertEquals(DRIVER_LOGGER, line.path("logger").asText());
        assertEquals("Server db-2:27017 is not a member of replica set rs0", line.path("message").asText());
        assertFalse(line.has("error"));
    }

    @Test
    void belowTheThresholdNothingIsWritten() {
        LogLines log = LogLines.at("WARN");
        Logger logger = log.logger(DRIVER_LOGGER);

        logger.info("Monitor thread successfully connected to server");
        logger.debug("Checking status of {}", "db:27017");
        logger.trace("heartbeat");

        assertEquals("", log.text());
        assertFalse(logger.isInfoEnabled());
    }

    @Test
    void theLevelSettingLetsLessSevereLinesThrough() {
        LogLines log = LogLines.at("INFO");

        log.logger(DRIVER_LOGGER).info("Monitor thread successfully connected to server");
        log.logger(DRIVER_LOGGER).debug("not this one");

        assertEquals("INFO", log.onlyLine().path("level").asText());
    }

    @Test
    void anErrorCarriesItsTypeMessageAndCauseChainInShortForm() {
        LogLines log = LogLines.at("WARN");
        Exception failure = new IllegalStateException("Exception in monitor thread",
                new UncheckedIOException("Exception opening socket", new ConnectException("Connection refused")));

        log.logger(DRIVER_LOGGER).error("Monitor stopped working", failure);

        JsonNode line = log.onlyLine();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals("IllegalStateException: Exception in monitor thread", line.path("error").asText());
        assertEquals(List.of("UncheckedIOException: Exception opening socket", "ConnectException: Connection refused"),
                texts(line.path("causes")));
        assertFalse(line.has("suppressed"));
        assertFalse(line.toString().contains("\tat "), "no stack frames");
    }

    @Test
    void suppressedFailuresOfTheErrorAndOfItsCausesAreListedWithTheirOwnCauses() {
        LogLines log = LogLines.at("WARN");
        RuntimeException cause = new RuntimeException("call creation failed");
        cause.addSuppressed(new IllegalStateException("rollback failed", new IOException("socket closed")));
        RuntimeException failure = new RuntimeException("create failed", cause);
        failure.addSuppressed(new IllegalArgumentException("cleanup skipped"));

        log.logger("dev.moduo.session").warn("Session not created", failure);

        assertEquals(List.of("IllegalArgumentException: cleanup skipped",
                        "IllegalStateException: rollback failed <- caused by IOException: socket closed"),
                texts(log.onlyLine().path("suppressed")));
    }

    @Test
    void aCauseCycleIsFollowedOnce() {
        LogLines log = LogLines.at("WARN");
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        log.logger(DRIVER_LOGGER).warn("cyclic", first);

        assertEquals(List.of("RuntimeException: second"), texts(log.onlyLine().path("causes")));
    }

    @Test
    void aThrowableAsTheOnlyArgumentIsTheError() {
        LogLines log = LogLines.at("WARN");

        log.logger(DRIVER_LOGGER).warn("Exception closing resource {}", new IllegalStateException("already closed"));

        JsonNode line = log.onlyLine();
        assertEquals("IllegalStateException: already closed", line.path("error").asText());
        assertEquals("Exception closing resource {}", line.path("message").asText());
    }

    @Test
    void aMessageWithLineBreaksStaysOneLine() {
        LogLines log = LogLines.at("WARN");

        log.logger(DRIVER_LOGGER).warn("first\nsecond\r\nthird", new RuntimeException("a\nb"));

        JsonNode line = log.onlyLine();
        assertEquals("first\nsecond\r\nthird", line.path("message").asText());
        assertEquals("RuntimeException: a\nb", line.path("error").asText());
    }

    @Test
    void credentialsInAConnectionStringInTheMessageAreRedacted() {
        LogLines log = LogLines.at("WARN");

        log.logger(DRIVER_LOGGER).warn("Cannot reach mongodb+srv://user:secret@cluster0.example.net/moduo");

        assertEquals("Cannot reach mongodb+srv://<redacted>@cluster0.example.net/moduo",
                log.onlyLine().path("message").asText());
        assertFalse(log.text().contains("secret"));
    }

    @Test
    void credentialsInTheErrorItsCausesAndWhatItSuppressedAreRedacted() {
        LogLines log = LogLines.at("WARN");
        RuntimeException failure = new RuntimeException("bad mongodb://admin:pw-one@db1",
                new IllegalStateException("for mongodb+srv://admin:pw-two@db2"));
        failure.addSuppressed(new RuntimeException("and mongodb://admin:pw-three@db3"));

        log.logger(DRIVER_LOGGER).error("failed", failure);

        JsonNode line = log.onlyLine();
        assertEquals("RuntimeException: bad mongodb://<redacted>@db1", line.path("error").asText());
        assertEquals(List.of("IllegalStateException: for mongodb+srv://<redacted>@db2"), texts(line.path("causes")));
        assertEquals(List.of("RuntimeException: and mongodb://<redacted>@db3"), texts(line.path("suppressed")));
        assertFalse(log.text().contains("pw-"));
    }

    @Test
    void withoutAFunctionNameTheFieldIsLeftOut() {
        LogLines log = LogLines.withoutFunction();

        log.logger(DRIVER_LOGGER).warn("local run");

        assertFalse(log.onlyLine().has("function"));
    }

    @Test
    void linesFromThreadsLoggingAtOnceNeverInterleave() throws InterruptedException {
        LogLines log = LogLines.at("WARN");
        Logger logger = log.logger(DRIVER_LOGGER);
        String message = "x".repeat(20_000);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    logger.warn(message);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        List<JsonNode> lines = log.lines();
        assertEquals(200, lines.size());
        assertTrue(lines.stream().allMatch(line -> line.path("message").asText().equals(message)));
    }

    private static List<String> texts(JsonNode array) {
        assertTrue(array.isArray(), () -> "not an array: " + array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
