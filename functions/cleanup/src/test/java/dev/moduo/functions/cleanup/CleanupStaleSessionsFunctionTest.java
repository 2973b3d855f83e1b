package dev.moduo.functions.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.moduo.core.Json;
import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.session.SessionView;
import dev.moduo.testing.Convergence;
import dev.moduo.testing.FunctionTestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CleanupStaleSessionsFunctionTest {

    private FunctionTestEnvironment env;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** The function as Lambda makes it, in an environment whose clock is {@code later} ahead. */
    private CleanupStaleSessionsFunction functionLater(Duration later) {
        return new CleanupStaleSessionsFunction(env.newContextLater(later));
    }

    /** The sample scheduled event, deserialized the way the Lambda runtime does for a Map handler. */
    private static Map<String, Object> scheduledEvent() throws IOException {
        try (InputStream in = CleanupStaleSessionsFunctionTest.class.getResourceAsStream("/events/cleanup-stale-sessions.json")) {
            return Json.MAPPER.readValue(in, new TypeReference<Map<String, Object>>() { });
        }
    }

    private static TestLambdaContext lambda(long timeoutMillis) {
        return new TestLambdaContext("CleanupStaleSessionsFunction", timeoutMillis);
    }

    private String status(String sessionId) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(sessionId)))
                .first().getString("status");
    }

    @Test
    void scheduledEventEndsAnIdleSessionAndAnswersWithTheSummary() throws Exception {
        SessionView session = env.seedSession("user_host", "Two Sum");
        CleanupStaleSessionsFunction function = functionLater(Duration.ofHours(3));
        try {
            Map<String, Object> summary = function.handleRequest(scheduledEvent(), lambda(60_000));

            assertEquals(1, summary.get("examined"));
            assertEquals(1, summary.get("ended"));
            assertEquals(0, summary.get("repaired"));
            assertEquals(0, summary.get("failed"));
            assertEquals(false, summary.get("stoppedEarly"));
            assertTrue(Json.write(summary).startsWith("{\"runId\":\"cleanup:"));
        } finally {
            function.close();
        }
        assertEquals("completed", status(session.id()));
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void anyEventWillDoIncludingAnEmptyOneAndNone() {
        CleanupStaleSessionsFunction function = functionLater(Duration.ZERO);
        try {
            assertEquals(0, function.handleRequest(new HashMap<>(), lambda(60_000)).get("examined"));
            assertEquals(0, function.handleRequest(Map.of("anything", List.of(1, 2)), lambda(60_000)).get("examined"));
            assertEquals(0, function.handleRequest(null, lambda(60_000)).get("examined"));
        } finally {
            function.close();
        }
    }

    @Test
    void finishesInterruptedWorkOfEveryKindInOneRun() {
        SessionView joined = env.seedSession("user_host_1", "Two Sum");
        env.stream().failNext("UpdateCallMembers", dev.moduo.stream.testing.Fault.status(403, 17, "not allowed"), 1);
        assertThrows(RuntimeException.class, () -> env.seedJoin(joined.id(), "user_guest"));
        SessionView ended = env.seedSession("user_host_2", "Valid Anagram");
        env.stream().failNext("DeleteChannel", dev.moduo.stream.testing.Fault.status(403, 17, "not allowed"), 1);
        env.seedEnd(ended.id(), "user_host_2");
        CleanupStaleSessionsFunction function = functionLater(Duration.ofMinutes(10));
        try {
            Map<String, Object> summary = function.handleRequest(Map.of(), lambda(60_000));

            assertEquals(2, summary.get("repaired"));
            assertEquals(1, summary.get("joinsFinished"));
            assertEquals(1, summary.get("teardownsFinished"));
            assertEquals(0, summary.get("failed"));
        } finally {
            function.close();
        }
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void withLessThanOneSessionsBudgetLeftItClaimsNothing() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        CleanupStaleSessionsFunction function = functionLater(Duration.ofHours(3));
        try {
            // 12 s left, 3 s kept back: 9 s, less than one session's 10 s budget.
            Map<String, Object> summary = function.handleRequest(Map.of(), lambda(12_000));

            assertEquals(0, summary.get("examined"));
            assertEquals(true, summary.get("stoppedEarly"));
        } finally {
            function.close();
        }
        assertEquals("active", status(session.id()));
    }

    @Test
    void mongoDbUnavailableFailsTheInvocationSoThatItIsCountedAndDeadLettered() {
        org.junit.jupiter.api.Assumptions.assumeTrue(env.mongo().isInProcess(), "needs a MongoDB the test can stop");
        env.seedSession("user_host", "Two Sum");
        CleanupStaleSessionsFunction function = functionLater(Duration.ofHours(3));
        try {
            env.mongo().stop();

            CleanupStaleSessionsFunction.CleanupAbortedException failure = assertThrows(
                    CleanupStaleSessionsFunction.CleanupAbortedException.class,
                    () -> function.handleRequest(Map.of(), lambda(60_000)));

            assertTrue(failure.getMessage().endsWith("stopped: database unavailable"), failure.getMessage());
        } finally {
            function.close();
        }
    }
}
