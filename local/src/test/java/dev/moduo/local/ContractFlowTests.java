package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.template.TemplateReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole contract (api-contract.md) over real HTTP against the runner serving the repository's
 * template.yaml with the real functions. Subclasses choose where MongoDB, Stream and Clerk come from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContractFlowTests {

    static final Path TEMPLATE = Path.of("../template.yaml");
    static final String WEB_CLIENT = "http://localhost:5173";
    static final String CLEANUP = "CleanupStaleSessionsFunction";

    protected final List<String> log = new CopyOnWriteArrayList<>();
    protected LocalRunner runner;
    protected Http http;

    /** The settings the runner is given in place of the process environment. */
    abstract Map<String, String> settings();

    /** A valid session token for the user, from wherever this setup's Clerk is. */
    abstract String token(String userId, String name);

    /** The Stream API key the token route must return. */
    abstract String streamApiKey();

    @BeforeAll
    void startRunner() {
        runner = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(TEMPLATE), settings(), log::add);
        http = new Http(runner.baseUrl());
    }

    @AfterAll
    void stopRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    private static String invokePath(String logicalId) {
        return "/2015-03-31/functions/" + logicalId + "/invocations";
    }

    /** Distinct users per test: lists of recent sessions are per user. */
    protected static String user(String role) {
        return "user_" + role + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected JsonNode createSession(String hostToken, String title) {
        Http.Reply reply = http.post("/api/sessions", hostToken,
                "{\"problemTitle\":\"" + title + "\",\"difficulty\":\"Easy\"}");
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().get("session");
    }

    private static List<String> ids(JsonNode sessions) {
        List<String> ids = new ArrayList<>();
        sessions.forEach(session -> ids.add(session.get("_id").asText()));
        return ids;
    }

    @Test
    void hostCreatesASessionThatOthersSeeAsActive() {
        String host = user("host");
        String guestToken = token(user("guest"), "Gil Guest");

        JsonNode session = createSession(token(host, "Hana Host"), "Two Sum");

        assertEquals("active", session.get("status").asText());
        assertEquals("easy", session.get("difficulty").asText());
        assertEquals(host, session.get("hostId").get("clerkId").asText());
        assertTrue(session.get("participantId").isNull());
        assertFalse(session.get("callId").asText().isBlank());
        String id = session.get("_id").asText();
        Http.Reply fetched = http.get("/api/sessions/" + id, guestToken);
        assertEquals(200, fetched.status(), fetched::toString);
        assertEquals("Two Sum", fetched.json().get("session").get("problemTitle").asText());
        Http.Reply active = http.get("/api/sessions/active", guestToken);
        assertEquals(200, active.status(), active::toString);
        assertTrue(ids(active.json().get("sessions")).contains(id));
    }

    @Test
    void guestJoinsAndALatecomerFindsTheSessionFull() {
        String hostToken = token(user("host"), "Hana Host");
        String guest = user("guest");
        String id = createSession(hostToken, "Valid Parentheses").get("_id").asText();

        Http.Reply joined = http.post("/api/sessions/" + id + "/join", token(guest, "Gil Guest"), null);
        Http.Reply late = http.post("/api/sessions/" + id + "/join", token(user("late"), "Lou Late"), null);
        Http.Reply hostJoins = http.post("/api/sessions/" + id + "/join", hostToken, null);

        assertEquals(200, joined.status(), joined::toString);
        assertEquals(guest, joined.json().get("session").get("participantId").get("clerkId").asText());
        assertEquals(409, late.status(), late::toString);
        assertEquals("Session is full", late.json().get("message").asText());
        assertEquals(400, hostJoins.status(), hostJoins::toString);
    }

    @Test
    void guestGetsAStreamToken() {
        String guest = user("guest");

        Http.Reply reply = http.get("/api/chats/token", token(guest, "Gil Guest"));

        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals(guest, body.get("userClerkId").asText());
        assertEquals(streamApiKey(), body.get("apiKey").asText());
        assertEquals(3, body.get("streamToken").asText().split("\\.").length);
        assertNotNull(body.get("expiresAt"));
    }

    @Test
    void onlyTheHostEndsTheSessionAndBothSeeItUnderRecent() {
        String host = user("host");
        String guest = user("guest");
        String hostToken = token(host, "Hana Host");
        String guestToken = token(guest, "Gil Guest");
        String id = createSession(hostToken, "Merge Intervals").get("_id").asText();
        assertEquals(200, http.post("/api/sessions/" + id + "/join", guestToken, null).status());

        Http.Reply byGuest = http.post("/api/sessions/" + id + "/end", guestToken, null);
        Http.Reply byHost = http.post("/api/sessions/" + id + "/end", hostToken, null);

        assertEquals(403, byGuest.status(), byGuest::toString);
        assertEquals(200, byHost.status(), byHost::toString);
        assertEquals("Session ended successfully", byHost.json().get("message").asText());
        assertEquals("completed", byHost.json().get("session").get("status").asText());
        for (String token : List.of(hostToken, guestToken)) {
            Http.Reply recent = http.get("/api/sessions/recent", token);
            assertEquals(200, recent.status(), recent::toString);
            assertEquals(List.of(id), ids(recent.json().get("sessions")));
        }
        assertFalse(ids(http.get("/api/sessions/active", guestToken).json().get("sessions")).contains(id));
    }

    @Test
    void requestWithoutATokenIs401() {
        Http.Reply reply = http.get("/api/sessions/active", null);

        assertEquals(401, reply.status());
        assertFalse(reply.json().get("message").asText().isBlank());
    }

    @Test
    void browserPreflightAndResponsesCarryTheTemplatesCors() {
        Http.Reply preflight = http.send(http.request("/api/sessions")
                .header("Origin", WEB_CLIENT)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        Http.Reply actual = http.send(http.request("/api/sessions/active").header("Origin", WEB_CLIENT)
                .header("authorization", "Bearer " + token(user("guest"), "Gil Guest")).GET().build());

        assertEquals(204, preflight.status());
        assertEquals(WEB_CLIENT, preflight.header("access-control-allow-origin"));
        assertEquals("GET,POST,OPTIONS", preflight.header("access-control-allow-methods"));
        assertEquals("authorization,content-type", preflight.header("access-control-allow-headers"));
        assertEquals("true", preflight.header("access-control-allow-credentials"));
        assertEquals(200, actual.status(), actual::toString);
        assertEquals(WEB_CLIENT, actual.header("access-control-allow-origin"));
    }

    @Test
    void bodyOverTenMegabytesIs413BeforeAnyFunctionRuns() {
        String big = "{\"problemTitle\":\"" + "x".repeat(10 * 1024 * 1024) + "\",\"difficulty\":\"easy\"}";

        Http.Reply reply = http.post("/api/sessions", token(user("host"), "Hana Host"), big);

        assertEquals(413, reply.status());
        assertEquals("Request Entity Too Large", reply.json().get("message").asText());
    }

    @Test
    void invokeApiRunsAnHttpFunctionWithASampleEvent() throws IOException {
        String guestToken = token(user("guest"), "Gil Guest");
        String id = createSession(token(user("host"), "Hana Host"), "LRU Cache").get("_id").asText();
        ObjectNode event;
        try (InputStream in = getClass().getResourceAsStream("/events/get-session.json")) {
            event = (ObjectNode) LocalJson.MAPPER.readTree(in);
        }
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + guestToken);
        event.put("rawPath", "/api/sessions/" + id);
        ((ObjectNode) event.get("requestContext").get("http")).put("path", "/api/sessions/" + id);
        ((ObjectNode) event.get("pathParameters")).put("sessionId", id);

        Http.Reply reply = http.post(invokePath("GetSessionFunction"), null, event.toString());

        assertEquals(200, reply.status(), reply::toString);
        assertNull(reply.header("x-amz-function-error"));
        JsonNode result = reply.json();
        assertEquals(200, result.get("statusCode").asInt(), result::toString);
        assertEquals(id, LocalJson.MAPPER.readTree(result.get("body").asText()).get("session").get("_id").asText());
    }

    @Test
    void scheduledCleanupRunsThroughTheInvokeApiWhenTheTemplateDeclaresIt() {
        assertTrue(TemplateReader.read(TEMPLATE).function(CLEANUP).isPresent(), "template.yaml declares no " + CLEANUP);
        ObjectNode event = LocalJson.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("time", "2026-11-26T10:00:00Z");
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/cleanup");
        event.putObject("detail");

        Http.Reply reply = http.post(invokePath(CLEANUP), null, event.toString());

        assertEquals(200, reply.status(), reply::toString);
        assertNull(reply.header("x-amz-function-error"), reply::toString);
    }

    @Test
    void unknownRouteIs404AsApiGatewayAnswersIt() {
        Http.Reply reply = http.get("/api/nothing-here", null);

        assertEquals(404, reply.status());
        assertEquals("Not Found", reply.json().get("message").asText());
    }
}
