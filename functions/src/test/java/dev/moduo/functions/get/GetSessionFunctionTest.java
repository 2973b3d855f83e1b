package dev.moduo.functions.get;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GetSessionFunctionTest {

    private static FunctionTestEnvironment env;
    private static GetSessionFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(GetSessionFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse get(String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("get-session.json", userId), sessionId),
                lambdaContext("GetSessionFunction"));
    }

    @Test
    void anySignedInUserSeesTheSessionWithPopulatedUsers() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        env.seedJoin(session.id(), "user_guest");

        APIGatewayV2HTTPResponse response = get(session.id(), "user_watcher");

        assertEquals(200, response.getStatusCode());
        JsonNode shown = body(response).path("session");
        assertEquals(session.id(), shown.path("_id").asText());
        assertEquals("user_host", shown.path("hostId").path("clerkId").asText());
        assertTrue(shown.path("hostId").path("_id").asText().matches("[0-9a-f]{24}"));
        assertTrue(shown.path("hostId").has("name"));
        assertTrue(shown.path("hostId").has("profileImageUrl"));
        assertEquals("user_guest", shown.path("participantId").path("clerkId").asText());
        assertEquals("active", shown.path("status").asText());
        assertEquals(session.callId(), shown.path("callId").asText());
        assertTrue(shown.path("createdAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertTrue(shown.path("updatedAt").asText().endsWith("Z"));
    }

    @Test
    void otherUsersEmailIsNeverShown() {
        env.mongo().database().getCollection("users").insertOne(new Document("clerkId", "user_mailhost")
                .append("name", "Ada Lovelace").append("email", "ada@example.com")
                .append("profileImageUrl", "https://img.example.com/ada.png")
                .append("createdAt", new Date()).append("updatedAt", new Date()));
        SessionView session = env.seedSession("user_mailhost", "Two Sum");

        APIGatewayV2HTTPResponse response = get(session.id(), "user_other");

        assertEquals("Ada Lovelace", body(response).path("session").path("hostId").path("name").asText());
        assertFalse(response.getBody().contains("ada@example.com"));
        assertFalse(response.getBody().contains("email"));
    }

    @Test
    void unknownSessionIsNotFound() {
        APIGatewayV2HTTPResponse response = get(new ObjectId().toHexString(), "user_host");
        assertEquals(404, response.getStatusCode());
        assertEquals("Session not found", body(response).path("message").asText());
    }

    @Test
    void malformedIdIsABadRequestNotAServerError() {
        APIGatewayV2HTTPResponse response = get("zzz", "user_host");
        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).path("message").asText().contains("sessionId"));
    }

    @Test
    void sessionStillBeingCreatedIsNotShown() {
        ObjectId id = new ObjectId();
        env.mongo().database().getCollection("sessions").insertOne(new Document("_id", id)
                .append("problemTitle", "Half made").append("difficulty", "easy").append("hostId", "user_host")
                .append("participantId", null).append("status", "creating").append("callId", "half-made")
                .append("createdAt", Date.from(Instant.now())).append("updatedAt", Date.from(Instant.now())));
        assertEquals(404, get(id.toHexString(), "user_host").getStatusCode());
    }

    @Test
    void tokenFromTheSessionCookieIsAccepted() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        APIGatewayV2HTTPEvent event = withSessionId(FunctionTestEnvironment.event("get-session.json"), session.id());
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        event.setHeaders(headers);
        event.setCookies(List.of("__client_uat=1764111600", "__session=" + env.clerk().token("user_cookie")));
        assertEquals(200, function.handleRequest(event, lambdaContext("GetSessionFunction")).getStatusCode());
    }

    @Test
    void functionBuiltWhileMongoDbIsDownStartsAndAnswers503() {
        try (FunctionTestEnvironment down = new FunctionTestEnvironment()) {
            down.mongo().stop();
            long started = System.nanoTime();
            GetSessionFunction cold = down.function(GetSessionFunction::new);
            APIGatewayV2HTTPResponse response = cold.handleRequest(
                    withSessionId(down.eventAs("get-session.json", "user_host"), new ObjectId().toHexString()),
                    lambdaContext("GetSessionFunction"));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, response.getStatusCode());
            assertEquals("Database is unavailable, please retry", body(response).path("message").asText());
            assertTrue(tookMillis < 10_000, "took " + tookMillis + " ms");
            cold.close();
        }
    }

    @Test
    void expiredTokenIsUnauthorizedNotRedirected() {
        SessionView session = env.seedSession("user_host", "Two Sum");
        String expired = env.clerk().tokenFor("user_host")
                .issuedAt(Instant.now().minusSeconds(600)).expiresAt(Instant.now().minusSeconds(60)).build();
        APIGatewayV2HTTPResponse response = function.handleRequest(
                FunctionTestEnvironment.withToken(withSessionId(FunctionTestEnvironment.event("get-session.json"), session.id()), expired),
                lambdaContext("GetSessionFunction"));
        assertEquals(401, response.getStatusCode());
        assertFalse(response.getBody().contains(expired));
    }
}
