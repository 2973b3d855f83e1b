package dev.moduo.functions.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.metrics.EmfSpec;
import dev.moduo.mongo.MongoFailureCounter;
import dev.moduo.testing.FunctionTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run's one summary line carries the invocation's metrics beside the cleanup's own. */
class CleanupStaleSessionsFunctionMetricsTest {

    private FunctionTestEnvironment env;
    private CleanupStaleSessionsFunction function;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
        function = new CleanupStaleSessionsFunction(env.newContextLater(Duration.ofHours(3)));
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    /** The documents the run wrote; the summary must be the only one. */
    private JsonNode runAndReadTheSummary() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            EventLog.redirectForTests(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                function.handleRequest(Map.of(), new TestLambdaContext("CleanupStaleSessionsFunction", 60_000));
            } catch (CleanupStaleSessionsFunction.CleanupAbortedException expected) {
                // MongoDB stopped: the run fails after writing its line.
            }
        } finally {
            EventLog.redirectForTests(original);
        }
        List<JsonNode> documents = new ArrayList<>();
        for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (text.startsWith("{")) {
                try {
                    JsonNode line = Json.read(text);
                    if (EmfSpec.isDocument(line)) {
                        documents.add(line);
                    }
                } catch (Exception e) {
                    throw new AssertionError(text, e);
                }
            }
        }
        assertEquals(1, documents.size(), documents.toString());
        JsonNode summary = documents.get(0);
        assertTrue(summary.has("examined"), summary.toString());
        assertEquals(List.of(), EmfSpec.problems(summary));
        return summary;
    }

    private static double published(JsonNode document, String name, Map<String, String> dimensions) {
        return EmfSpec.published(document).stream()
                .filter(metric -> metric.name().equals(name) && metric.dimensions().equals(dimensions))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + dimensions + " in " + document)).value();
    }

    @Test
    void theFirstRunAfterARestoreIsASnapStartColdStartAndTheNextIsWarm() {
        function.snapStart().beforeCheckpoint(null);
        function.snapStart().afterRestore(null);

        JsonNode restored = runAndReadTheSummary();
        JsonNode next = runAndReadTheSummary();

        Map<String, String> cleanup = Map.of("Service", "moduo", "Function", "CleanupStaleSessionsFunction");
        assertEquals(1, published(restored, "ColdStart", cleanup));
        assertEquals("snap-start", restored.path("initType").asText());
        assertEquals(0, published(next, "ColdStart", cleanup));
    }

    @Test
    void aRunMongoDbStoppedIsCountedAsAMongoDbFailure() {
        env.mongo().stop();

        JsonNode summary = runAndReadTheSummary();

        assertEquals("database unavailable", summary.path("aborted").asText());
        assertEquals(1, published(summary, "MongoFailures", Map.of("Service", "moduo")));
        assertTrue(EmfSpec.published(summary).stream().anyMatch(metric -> metric.name().equals("MongoFailures")
                && MongoFailureCounter.BEFORE_ANY_COMMAND.equals(metric.dimensions().get("Operation"))), summary.toString());
        assertThrows(CleanupStaleSessionsFunction.CleanupAbortedException.class,
                () -> function.handleRequest(Map.of(), new TestLambdaContext("CleanupStaleSessionsFunction", 60_000)));
    }
}
