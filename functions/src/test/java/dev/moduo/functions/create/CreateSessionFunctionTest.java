package dev.moduo.functions.create;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static dev.moduo.testing.FunctionTestEnvironment.withoutAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.stream.testing.StandInChannel;
import dev.moduo.testing.FunctionTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateSessionFunctionTest {

    private static FunctionTestEnvironment env;
    private static CreateSessionFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(CreateSessionFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    @BeforeEach
    void clean() {
        env.stream().clearFaults();
        env.mongo().database().getCollection("sessions").deleteMany(new Document());
    }

    private APIGatewayV2HTTPResponse create(String userId, String body) {
        return function.handleRequest(withBody(env.eventAs("create-session.json", userId), body),
                lambdaContext("CreateSessionFunction"));
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return body(response).path("message").asText();
    }

    @Test
    void createsActiveSessionWithCallAndChannelInStream() {
        APIGatewayV2HTTPResponse response = create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");

        assertEquals(201, response.getStatusCode());
        JsonNode session = body(response).path("session");
        assertEquals("Two Sum", session.path("problemTitle").asText());
        assertEquals("easy", session.path("difficulty").asText());
        assertEquals("active", session.path("status").asText());
        assertEquals("user_host", session.path("hostId").path("clerkId").asText());
        assertTrue(session.path("participantId").isNull());
        assertTrue(session.path("_id").asText().matches("[0-9a-f]{24}"));
        String callId = session.path("callId").asText();
        assertTrue(callId.matches("[a-z0-9_-]{1,64}"), callId);

        StandInCall call = env.stream().call(callId).orElseThrow();
        assertEquals("user_host", call.createdById());
        assertEquals(java.util.List.of("user_host"), call.memberIds());
        assertEquals("Two Sum", call.custom().get("problemTitle"));
        assertEquals("easy", call.custom().get("difficulty"));
        assertEquals(session.path("_id").asText(), call.custom().get("sessionId"));
        StandInChannel channel = env.stream().channel(callId).orElseThrow();
        assertEquals("Two Sum session", channel.name());
        assertEquals("user_host", channel.createdById());
        assertEquals(java.util.List.of("user_host"), channel.members());
        assertTrue(env.stream().user("user_host").isPresent());
        assertEquals(java.util.List.of(), env.streamViolations());
    }

    @Test
    void createEnablesScreenSharingAndLeavesRecordingDisabledWhileTheDeploymentDoesNotRecord() {
        String callId = body(create("user_host", "{\"problemTitle\":\"LRU Cache\",\"difficulty\":\"hard\"}"))
                .path("session").path("callId").asText();
        Map<String, Object> settings = env.stream().call(callId).orElseThrow().settingsOverride();
        assertEquals(Map.of("enabled", true), settings.get("screensharing"));
        assertEquals("disabled", ((Map<?, ?>) settings.get("recording")).get("mode"));
        assertNull(env.mongo().database().getCollection("sessions").find().first().get("recordable"));
    }

    @Test
    void whereTheDeploymentRecordsTheCallIsMadeRecordableAndTheSessionSaysSo() {
        env.set("RECORDING", "on");
        try (CreateSessionFunction recording = env.function(CreateSessionFunction::new)) {
            String callId = body(recording.handleRequest(
                    withBody(env.eventAs("create-session.json", "user_recording_host"), "{\"problemTitle\":\"LRU Cache\",\"difficulty\":\"hard\"}"),
                    lambdaContext("CreateSessionFunction"))).path("session").path("callId").asText();

            Map<String, Object> settings = env.stream().call(callId).orElseThrow().settingsOverride();
            assertEquals("available", ((Map<?, ?>) settings.get("recording")).get("mode"));
            assertEquals(true, env.mongo().database().getCollection("sessions").find().first().get("recordable"));
        } finally {
            env.set("RECORDING", "off");
        }
    }

    @Test
    void titleIsTrimmedAndDifficultyStoredLowerCase() {
        JsonNode session = body(create("user_host", "{\"problemTitle\":\"  Valid Parentheses \",\"difficulty\":\"MeDiUm\"}"))
                .path("session");
        assertEquals("Valid Parentheses", session.path("problemTitle").asText());
        assertEquals("medium", session.path("difficulty").asText());
    }

    @Test
    void sessionPayloadNeverCarriesAnEmail() {
        String raw = create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}").getBody();
        assertFalse(raw.contains("email"), raw);
    }

    @Test
    void missingTitleIsRejectedNamingTheField() {
        assertBadRequest("problemTitle is required", create("user_host", "{\"difficulty\":\"easy\"}"));
    }

    @Test
    void blankTitleIsRejected() {
        assertBadRequest("problemTitle must be 1 to 200 characters",
                create("user_host", "{\"problemTitle\":\"   \",\"difficulty\":\"easy\"}"));
    }

    @Test
    void titleLongerThan200CharactersIsRejected() {
        assertBadRequest("problemTitle must be 1 to 200 characters",
                create("user_host", "{\"problemTitle\":\"" + "x".repeat(201) + "\",\"difficulty\":\"easy\"}"));
    }

    @Test
    void numericTitleIsRejected() {
        assertBadRequest("problemTitle must be a string", create("user_host", "{\"problemTitle\":42,\"difficulty\":\"easy\"}"));
    }

    @Test
    void missingDifficultyIsRejectedNamingTheChoices() {
        assertBadRequest("difficulty is required: easy, medium or hard", create("user_host", "{\"problemTitle\":\"Two Sum\"}"));
    }

    @Test
    void unknownDifficultyIsRejectedNamingTheField() {
        assertBadRequest("difficulty must be one of easy, medium, hard",
                create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"extreme\"}"));
    }

    @Test
    void numericDifficultyIsRejected() {
        assertBadRequest("difficulty must be a string: easy, medium or hard",
                create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":3}"));
    }

    @Test
    void missingBodyIsABadRequestNotAServerError() {
        APIGatewayV2HTTPEvent event = env.eventAs("create-session.json", "user_host");
        event.setBody(null);
        assertBadRequest("Request body is required: send a JSON object",
                function.handleRequest(event, lambdaContext("CreateSessionFunction")));
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertBadRequest("Request body is not valid JSON", create("user_host", "{\"problemTitle\": "));
    }

    @Test
    void jsonArrayBodyIsABadRequest() {
        assertBadRequest("Request body must be a JSON object", create("user_host", "[1,2]"));
    }

    @Test
    void nonJsonContentTypeIsUnsupportedMediaType() {
        APIGatewayV2HTTPEvent event = withBody(env.eventAs("create-session.json", "user_host"), "problemTitle=Two+Sum");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", "application/x-www-form-urlencoded");
        event.setHeaders(headers);
        APIGatewayV2HTTPResponse response = function.handleRequest(event, lambdaContext("CreateSessionFunction"));
        assertEquals(415, response.getStatusCode());
        assertEquals("Content-Type must be application/json", message(response));
        assertEquals(0, sessionCount());
    }

    @Test
    void bodyOverOneMegabyteIsTooLarge() {
        String huge = "{\"problemTitle\":\"" + "x".repeat(1024 * 1024) + "\",\"difficulty\":\"easy\"}";
        APIGatewayV2HTTPResponse response = create("user_host", huge);
        assertEquals(413, response.getStatusCode());
        assertEquals("Request body is too large (limit 1 MB)", message(response));
        assertEquals(0, sessionCount());
    }

    @Test
    void requestWithoutTokenIsUnauthorizedWithJsonMessage() {
        APIGatewayV2HTTPEvent event = withoutAuthorization(
                withBody(FunctionTestEnvironment.event("create-session.json"), "{\"problemTitle\":\"A\",\"difficulty\":\"easy\"}"));
        APIGatewayV2HTTPResponse response = function.handleRequest(event, lambdaContext("CreateSessionFunction"));
        assertEquals(401, response.getStatusCode());
        assertFalse(message(response).isBlank());
        assertTrue(response.getHeaders().get("content-type").startsWith("application/json"));
        assertNull(response.getHeaders().get("location"));
        assertEquals(0, sessionCount());
    }

    @Test
    void streamOutageGives503AndLeavesNothingBehind() {
        env.stream().failNext("GetOrCreateChannel", Fault.unavailable(), 100);
        long before = env.stream().calls().stream().filter(c -> !c.deleted()).count();

        APIGatewayV2HTTPResponse response = create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");

        assertEquals(503, response.getStatusCode());
        assertEquals("Video service is unavailable, please retry", message(response));
        assertEquals(0, sessionCount());
        assertEquals(before, env.stream().calls().stream().filter(c -> !c.deleted()).count());
    }

    @Test
    void aRollbackThatAlsoFailsIsKeptOnTheErrorLogLineBesideTheCause() throws Exception {
        env.stream().failNext("GetOrCreateChannel", Fault.unavailable(), 100);
        env.stream().failNext("DeleteCall", Fault.unavailable(), 100);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        APIGatewayV2HTTPResponse response;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            EventLog.redirectForTests(System.out);
            response = create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");
        } finally {
            EventLog.redirectForTests(original);
            System.setOut(original);
            env.stream().clearFaults();
        }

        assertEquals(503, response.getStatusCode());
        JsonNode line = null;
        for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (text.contains("\"status\":503")) {
                line = Json.read(text);
            }
        }
        assertTrue(line != null, "no log line for the 503: " + captured);
        assertTrue(line.path("suppressed").isArray() && line.path("suppressed").size() >= 1,
                "the failed removal must reach the log line beside the cause: " + line);
    }

    @Test
    void streamRefusalGives502AndLeavesNoSession() {
        env.stream().failNext("GetOrCreateCall", Fault.status(400, 4, "GetOrCreateCall failed"), 1);
        APIGatewayV2HTTPResponse response = create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");
        assertEquals(502, response.getStatusCode());
        assertEquals("Video service rejected the request", message(response));
        assertEquals(0, sessionCount());
    }

    @Test
    void transientStreamErrorIsRetriedAndTheCreateSucceeds() {
        env.stream().failNext("GetOrCreateCall", Fault.internalError(), 1);
        assertEquals(201, create("user_host", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}").getStatusCode());
        assertEquals(1, sessionCount());
    }

    /** A 400 with exactly {@code message}, and nothing stored: bad input changes nothing. */
    private void assertBadRequest(String expectedMessage, APIGatewayV2HTTPResponse response) {
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(expectedMessage, message(response));
        assertEquals(0, sessionCount());
    }

    private long sessionCount() {
        return env.mongo().database().getCollection("sessions").countDocuments();
    }
}
