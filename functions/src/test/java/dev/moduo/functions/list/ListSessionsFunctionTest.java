package dev.moduo.functions.list;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListSessionsFunctionTest {

    private static FunctionTestEnvironment env;
    private static ListSessionsFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(ListSessionsFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    @BeforeEach
    void clean() {
        env.mongo().database().getCollection("sessions").deleteMany(new Document());
    }

    private JsonNode list(String fixture, String userId, Map<String, String> query) {
        var event = env.eventAs(fixture, userId);
        event = withQuery(event, query);
        APIGatewayV2HTTPResponse response = function.handleRequest(event, lambdaContext("ListSessionsFunction"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return body(response);
    }

    private static List<String> titles(JsonNode page) {
        List<String> titles = new ArrayList<>();
        page.path("sessions").forEach(s -> titles.add(s.path("problemTitle").asText()));
        return titles;
    }

    @Test
    void activeListsActiveSessionsNewestFirst() {
        env.seedSession("user_a", "First");
        env.seedSession("user_b", "Second");
        SessionView ended = env.seedSession("user_c", "Ended");
        env.seedEnd(ended.id(), "user_c");

        JsonNode page = list("list-active-sessions.json", "user_viewer", Map.of());

        assertEquals(List.of("Second", "First"), titles(page));
        assertTrue(page.path("nextCursor").isNull());
    }

    @Test
    void activeListsAtMostTwentyByDefault() {
        for (int i = 0; i < 22; i++) {
            env.seedSession("user_a", "Session " + i);
        }
        JsonNode page = list("list-active-sessions.json", "user_viewer", Map.of());
        assertEquals(20, page.path("sessions").size());
        assertFalse(page.path("nextCursor").isNull());
    }

    @Test
    void cursorWalksEveryPageOnceAndEndsWithNull() {
        for (int i = 0; i < 5; i++) {
            env.seedSession("user_a", "S" + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list("list-active-sessions.json", "user_viewer",
                    cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor));
            seen.addAll(titles(page));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of("S4", "S3", "S2", "S1", "S0"), seen);
        assertEquals(3, pages);
    }

    @Test
    void limitOutOfRangeIsABadRequest() {
        var event = withQuery(env.eventAs("list-active-sessions.json", "user_viewer"), Map.of("limit", "0"));
        APIGatewayV2HTTPResponse response = function.handleRequest(event, lambdaContext("ListSessionsFunction"));
        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).path("message").asText().contains("limit"));
        event = withQuery(env.eventAs("list-active-sessions.json", "user_viewer"), Map.of("limit", "101"));
        assertEquals(400, function.handleRequest(event, lambdaContext("ListSessionsFunction")).getStatusCode());
    }

    @Test
    void garbageCursorIsABadRequest() {
        var event = withQuery(env.eventAs("list-active-sessions.json", "user_viewer"), Map.of("cursor", "%%%"));
        APIGatewayV2HTTPResponse response = function.handleRequest(event, lambdaContext("ListSessionsFunction"));
        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).path("message").asText().contains("cursor"));
    }

    @Test
    void recentListsOnlyTheCallersCompletedSessionsAsHostOrParticipant() {
        SessionView hosted = env.seedSession("user_me", "Hosted");
        env.seedEnd(hosted.id(), "user_me");
        SessionView joined = env.seedSession("user_other", "Joined");
        env.seedJoin(joined.id(), "user_me");
        env.seedEnd(joined.id(), "user_other");
        SessionView stillActive = env.seedSession("user_me", "Still active");
        SessionView notMine = env.seedSession("user_other", "Not mine");
        env.seedEnd(notMine.id(), "user_other");

        JsonNode page = list("list-recent-sessions.json", "user_me", Map.of());

        assertEquals(List.of("Joined", "Hosted"), titles(page));
        page.path("sessions").forEach(s -> assertEquals("completed", s.path("status").asText()));
        assertFalse(titles(page).contains(stillActive.problemTitle()));
    }

    @Test
    void listsNeverCarryEmails() {
        env.mongo().database().getCollection("users").insertOne(new Document("clerkId", "user_mail")
                .append("name", "Grace").append("email", "grace@example.com"));
        env.seedSession("user_mail", "Visible");
        var event = env.eventAs("list-active-sessions.json", "user_viewer");
        String raw = function.handleRequest(event, lambdaContext("ListSessionsFunction")).getBody();
        assertFalse(raw.contains("grace@example.com"));
    }
}
