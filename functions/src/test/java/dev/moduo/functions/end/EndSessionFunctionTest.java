package dev.moduo.functions.end;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndSessionFunctionTest {

    private static FunctionTestEnvironment env;
    private static EndSessionFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(EndSessionFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    @BeforeEach
    void clearFaults() {
        env.stream().clearFaults();
    }

    private APIGatewayV2HTTPResponse end(String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("end-session.json", userId), sessionId),
                lambdaContext("EndSessionFunction"));
    }

    private Document stored(String sessionId) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(sessionId))).first();
    }

    @Test
    void hostEndsSessionAndStreamCallAndChannelAreGone() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.seedJoin(session.id(), "user_guest");

        APIGatewayV2HTTPResponse response = end(session.id(), "user_host");

        assertEquals(200, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("Session ended successfully", body.path("message").asText());
        assertEquals("completed", body.path("session").path("status").asText());
        assertEquals("host", body.path("session").path("endedReason").asText());
        assertEquals("completed", stored(session.id()).getString("status"));
        assertFalse(stored(session.id()).getBoolean("teardownPending"));
        assertEquals(1, env.stream().requests("EndCall").stream()
                .filter(r -> r.path().contains(session.callId())).count());
        StandInCall call = env.stream().call(session.callId()).orElseThrow(() -> new AssertionError("the call was never made"));
        assertTrue(call.ended(), "the call was not ended for everyone");
        assertTrue(call.deleted() && call.hardDeleted(), "the call was not hard-deleted");
        assertTrue(env.stream().channel(session.callId()).isEmpty());
        assertEquals(List.of(), env.streamViolations());
    }

    @Test
    void callIsEndedBeforeItIsDeleted() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        end(session.id(), "user_host");
        List<String> operations = env.stream().requests().stream()
                .filter(r -> r.path().contains(session.callId()))
                .map(r -> r.operation()).toList();
        int ended = operations.indexOf("EndCall");
        int deleted = operations.indexOf("DeleteCall");
        assertTrue(ended >= 0, "the call was never ended: " + operations);
        assertTrue(deleted > ended, "the call was not deleted after it was ended: " + operations);
    }

    @Test
    void endingAnEndedSessionAgainIsOk() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        assertEquals(200, end(session.id(), "user_host").getStatusCode());
        APIGatewayV2HTTPResponse again = end(session.id(), "user_host");
        assertEquals(200, again.getStatusCode());
        assertEquals("completed", body(again).path("session").path("status").asText());
    }

    @Test
    void onlyTheHostMayEnd() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.seedJoin(session.id(), "user_guest");
        APIGatewayV2HTTPResponse response = end(session.id(), "user_guest");
        assertEquals(403, response.getStatusCode());
        assertEquals("active", stored(session.id()).getString("status"));
        assertTrue(env.stream().call(session.callId()).map(c -> !c.ended()).orElse(false));
    }

    @Test
    void unknownSessionIsNotFound() {
        assertEquals(404, end(new ObjectId().toHexString(), "user_host").getStatusCode());
    }

    @Test
    void malformedSessionIdIsABadRequest() {
        assertEquals(400, end("12345", "user_host").getStatusCode());
    }

    @Test
    void streamOutageStillEndsTheSessionAndOwesTheTeardown() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.stream().failNext("EndCall", Fault.unavailable(), 100);
        long started = System.nanoTime();

        APIGatewayV2HTTPResponse response = end(session.id(), "user_host");

        assertTrue((System.nanoTime() - started) / 1_000_000 < 10_000);
        assertEquals(200, response.getStatusCode());
        assertEquals("completed", body(response).path("session").path("status").asText());
        assertEquals("completed", stored(session.id()).getString("status"));
        assertTrue(stored(session.id()).getBoolean("teardownPending"));
    }

    @Test
    void endingAgainAfterAnOutageFinishesTheTeardown() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.stream().failNext("DeleteChannel", Fault.unavailable(), 100);
        assertEquals(200, end(session.id(), "user_host").getStatusCode());
        assertTrue(stored(session.id()).getBoolean("teardownPending"));

        env.stream().clearFaults();
        assertEquals(200, end(session.id(), "user_host").getStatusCode());
        assertFalse(stored(session.id()).getBoolean("teardownPending"));
        assertTrue(env.stream().channel(session.callId()).isEmpty());
    }
}
