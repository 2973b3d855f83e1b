package dev.moduo.functions.join;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static dev.moduo.testing.FunctionTestEnvironment.withoutAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JoinSessionFunctionTest {

    private static FunctionTestEnvironment env;
    private static JoinSessionFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(JoinSessionFunction::new);
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

    private APIGatewayV2HTTPResponse join(String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("join-session.json", userId), sessionId),
                lambdaContext("JoinSessionFunction"));
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return body(response).path("message").asText();
    }

    @Test
    void participantJoinsAndBecomesMemberOfChannelAndCall() {
        SessionView session = env.seedSession("user_host", "Two Sum");

        APIGatewayV2HTTPResponse response = join(session.id(), "user_guest");

        assertEquals(200, response.getStatusCode());
        assertEquals("user_guest", body(response).path("session").path("participantId").path("clerkId").asText());
        assertTrue(env.stream().channel(session.callId()).orElseThrow().members().contains("user_guest"));
        assertTrue(env.stream().call(session.callId()).orElseThrow().memberIds().contains("user_guest"));
        assertTrue(env.stream().user("user_guest").isPresent());
        assertEquals(List.of(), env.streamViolations());
    }

    @Test
    void joiningAgainAsTheSameParticipantIsOk() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        assertEquals(200, join(session.id(), "user_guest").getStatusCode());
        assertEquals(200, join(session.id(), "user_guest").getStatusCode());
    }

    @Test
    void anyoneElseGetsSessionIsFull() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        join(session.id(), "user_guest");

        APIGatewayV2HTTPResponse response = join(session.id(), "user_late");

        assertEquals(409, response.getStatusCode());
        assertEquals("Session is full", message(response));
        assertFalse(env.stream().channel(session.callId()).orElseThrow().members().contains("user_late"));
    }

    @Test
    void hostCannotJoinOwnSession() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        APIGatewayV2HTTPResponse response = join(session.id(), "user_host");
        assertEquals(400, response.getStatusCode());
        assertTrue(message(response).contains("host"));
    }

    @Test
    void endedSessionCannotBeJoined() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.seedEnd(session.id(), "user_host");
        APIGatewayV2HTTPResponse response = join(session.id(), "user_guest");
        assertEquals(400, response.getStatusCode());
        assertEquals("This session has ended", message(response));
    }

    @Test
    void unknownSessionIsNotFound() {
        APIGatewayV2HTTPResponse response = join(new ObjectId().toHexString(), "user_guest");
        assertEquals(404, response.getStatusCode());
        assertEquals("Session not found", message(response));
    }

    @Test
    void malformedSessionIdIsABadRequest() {
        APIGatewayV2HTTPResponse response = join("not-an-id", "user_guest");
        assertEquals(400, response.getStatusCode());
        assertTrue(message(response).contains("sessionId"));
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        APIGatewayV2HTTPResponse response = function.handleRequest(
                withoutAuthorization(withSessionId(FunctionTestEnvironment.event("join-session.json"), session.id())),
                lambdaContext("JoinSessionFunction"));
        assertEquals(401, response.getStatusCode());
    }

    @Test
    void ofTwelveConcurrentJoinersExactlyOneWins() throws Exception {
        SessionView session = env.seedSession("user_host", "Two Sum");
        int joiners = 12;
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < joiners; i++) {
            String user = "user_racer_" + i;
            var event = withSessionId(env.eventAs("join-session.json", user), session.id());
            statuses.add(pool.submit(() -> {
                start.await();
                return function.handleRequest(event, lambdaContext("JoinSessionFunction")).getStatusCode();
            }));
        }
        start.countDown();
        int ok = 0;
        int full = 0;
        for (Future<Integer> status : statuses) {
            int code = status.get();
            ok += code == 200 ? 1 : 0;
            full += code == 409 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, ok);
        assertEquals(joiners - 1, full);
        Document stored = env.mongo().database().getCollection("sessions")
                .find(new Document("_id", new ObjectId(session.id()))).first();
        String winner = stored.getString("participantId");
        assertTrue(winner.startsWith("user_racer_"));
        List<String> members = env.stream().channel(session.callId()).orElseThrow().members();
        assertEquals(List.of("user_host", winner), members);
    }

    @Test
    void streamFailureAsksToRetryAndTheRetryCompletesTheJoin() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.stream().failNext("UpdateChannel", Fault.unavailable(), 100);

        APIGatewayV2HTTPResponse failed = join(session.id(), "user_guest");
        assertEquals(503, failed.getStatusCode());
        assertTrue(message(failed).contains("retry"));

        env.stream().clearFaults();
        APIGatewayV2HTTPResponse retried = join(session.id(), "user_guest");
        assertEquals(200, retried.getStatusCode());
        assertTrue(env.stream().channel(session.callId()).orElseThrow().members().contains("user_guest"));
        assertTrue(env.stream().call(session.callId()).orElseThrow().memberIds().contains("user_guest"));
        assertEquals(409, join(session.id(), "user_other").getStatusCode());
    }
}
