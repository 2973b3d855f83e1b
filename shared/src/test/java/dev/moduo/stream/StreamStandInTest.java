package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import dev.moduo.stream.testing.*;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in itself: it must refuse what Stream refuses, or client tests would prove nothing. */
class StreamStandInTest {

    private static final String USERS = "{\"users\": {\"u1\": {\"id\": \"u1\", \"name\": \"Ada\"}}}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final StreamStandIn standIn = new StreamStandIn("key-1", "secret-1");

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void validRequestIsAnsweredLikeStream() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v2/users", USERS, validHeaders());

        assertEquals(201, response.statusCode());
        JsonNode body = Json.read(response.body());
        assertEquals("Ada", body.path("users").path("u1").path("name").asText());
        assertTrue(body.path("duration").asText().endsWith("ms"));
        assertTrue(response.headers().firstValue("X-RateLimit-Limit").isPresent());
        assertTrue(response.headers().firstValue("X-RateLimit-Remaining").isPresent());
        long reset = Long.parseLong(response.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertTrue(reset > Instant.now().getEpochSecond() - 1 && reset <= Instant.now().getEpochSecond() + 61);
        assertEquals(List.of(), standIn.violations());
        assertEquals("UpdateUsers", standIn.requests().get(0).operation());
    }

    @Test
    void wrongApiKeyIsRefusedWithAnApiErrorAndRecorded() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v2/users", "other-key", USERS, validHeaders());

        assertEquals(401, response.statusCode());
        JsonNode error = Json.read(response.body());
        assertEquals(2, error.get("code").intValue());
        assertEquals(401, error.get("StatusCode").intValue());
        assertTrue(error.get("message").isTextual());
        assertTrue(error.get("duration").isTextual());
        assertTrue(error.get("more_info").isTextual());
        assertTrue(error.get("details").isArray());
        assertEquals(1, standIn.violations().size());
        assertTrue(standIn.user("u1").isEmpty());
    }

    @Test
    void missingApiKeyIsRefused() throws Exception {
        assertRefused(send("POST", "/api/v2/users", null, USERS, validHeaders()), 401, 2);
    }

    @Test
    void bearerPrefixedTokenIsRefused() throws Exception {
        Map<String, String> headers = validHeaders();
        headers.put("Authorization", "Bearer " + serverToken("secret-1"));

        assertRefused(send("POST", "/api/v2/users", USERS, headers), 401, 5);
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() throws Exception {
        Map<String, String> headers = validHeaders();
        headers.put("Authorization", serverToken("secret-2"));

        assertRefused(send("POST", "/api/v2/users", USERS, headers), 401, 43);
    }

    @Test
    void userTokenWithoutServerClaimIsRefused() throws Exception {
        Map<String, String> headers = validHeaders();
        headers.put("Authorization", JWT.create().withClaim("user_id", "u1").sign(Algorithm.HMAC256("secret-1")));

        assertRefused(send("POST", "/api/v2/users", USERS, headers), 401, 5);
    }

    @Test
    void missingStreamAuthTypeIsRefused() throws Exception {
        Map<String, String> headers = validHeaders();
        headers.remove("Stream-Auth-Type");

        assertRefused(send("POST", "/api/v2/users", USERS, headers), 401, 5);
    }

    @Test
    void streamAuthTypeIsCaseInsensitive() throws Exception {
        Map<String, String> headers = validHeaders();
        headers.put("Stream-Auth-Type", "JWT");

        assertEquals(201, send("POST", "/api/v2/users", USERS, headers).statusCode());
        assertEquals(List.of(), standIn.violations());
    }

    @Test
    void bodyWithoutJsonContentTypeIsRefused() throws Exception {
        Map<String, String> headers = validHeaders();
        headers.put("Content-Type", "text/plain");

        assertRefused(send("POST", "/api/v2/users", USERS, headers), 400, 4);
    }

    @Test
    void usersMapKeyThatIsNotTheUsersIdIsRefused() throws Exception {
        assertRefused(send("POST", "/api/v2/users", "{\"users\": {\"u1\": {\"id\": \"u2\"}}}", validHeaders()), 400, 4);
    }

    @Test
    void legacyPlainIdChannelMembersAreRefused() throws Exception {
        standIn.seedUser("u1", null, null);

        assertRefused(send("POST", "/api/v2/chat/channels/messaging/ch1/query",
                "{\"data\": {\"created_by_id\": \"u1\", \"members\": [\"u1\"]}}", validHeaders()), 400, 4);
    }

    @Test
    void legacyFlattenedChannelNameIsRefused() throws Exception {
        standIn.seedUser("u1", null, null);

        assertRefused(send("POST", "/api/v2/chat/channels/messaging/ch1/query",
                "{\"data\": {\"created_by_id\": \"u1\", \"name\": \"x\"}}", validHeaders()), 400, 4);
    }

    @Test
    void callWithoutCreatorIsRefused() throws Exception {
        assertRefused(send("POST", "/api/v2/video/call/default/c1", "{\"data\": {\"members\": []}}", validHeaders()), 400, 4);
    }

    @Test
    void softCallDeleteIsRefused() throws Exception {
        assertRefused(send("POST", "/api/v2/video/call/default/c1/delete", "{}", validHeaders()), 400, 4);
    }

    @Test
    void channelDeleteWithoutHardDeleteQueryIsRefused() throws Exception {
        assertRefused(send("DELETE", "/api/v2/chat/channels/messaging/ch1", null, validHeaders()), 400, 4);
    }

    @Test
    void unknownEndpointIsRefused() throws Exception {
        assertRefused(send("POST", "/channels/messaging/ch1/query", "{}", validHeaders()), 400, 4);
    }

    @Test
    void unknownCallAnswers404Code16WithoutViolation() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v2/video/call/default/c1/mark_ended", null, validHeaders());

        assertEquals(404, response.statusCode());
        JsonNode error = Json.read(response.body());
        assertEquals(16, error.get("code").intValue());
        assertTrue(error.get("message").asText().contains("Can't find call with id default:c1"));
        assertEquals(List.of(), standIn.violations());
    }

    @Test
    void unknownChannelDeleteAnswers404Code16WithoutViolation() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/v2/chat/channels/messaging/ch1", "key-1&hard_delete=true",
                null, validHeaders());

        assertEquals(404, response.statusCode());
        assertTrue(Json.read(response.body()).get("message").asText().contains("Can't find channel with id messaging:ch1"));
        assertEquals(List.of(), standIn.violations());
    }

    @Test
    void participantsQueryWithoutSessionAnswersTheCallsParticipantsByDefault() throws Exception {
        createCallOfU1();

        HttpResponse<String> response = send("POST", "/api/v2/video/call/default/c1/participants", "{}", validHeaders());

        assertEquals(201, response.statusCode());
        assertEquals(0, Json.read(response.body()).get("total_participants").intValue());
    }

    @Test
    void participantsQueryWithoutSessionAnswersNoActiveSessionWhenSwitchedOn() throws Exception {
        createCallOfU1();
        standIn.refuseParticipantsQueryWithoutSession(true);

        HttpResponse<String> response = send("POST", "/api/v2/video/call/default/c1/participants", "{}", validHeaders());

        assertEquals(400, response.statusCode());
        JsonNode error = Json.read(response.body());
        assertEquals(4, error.get("code").intValue());
        assertEquals("QueryCallParticipants failed with error: \"there is no active session\"", error.get("message").textValue());
        assertEquals(400, error.get("StatusCode").intValue());
        assertTrue(error.get("duration").isTextual());
        assertTrue(error.get("more_info").isTextual());
        assertEquals(List.of(), standIn.violations());
    }

    @Test
    void participantsQueryOfACallSomeoneIsConnectedToIsAnsweredWhenSwitchedOn() throws Exception {
        createCallOfU1();
        standIn.refuseParticipantsQueryWithoutSession(true);
        standIn.connectParticipant("c1", "u1", "s1");

        HttpResponse<String> response = send("POST", "/api/v2/video/call/default/c1/participants", "{}", validHeaders());

        assertEquals(201, response.statusCode());
        assertEquals(1, Json.read(response.body()).get("total_participants").intValue());
    }

    private void createCallOfU1() throws Exception {
        standIn.seedUser("u1", null, null);
        assertEquals(201, send("POST", "/api/v2/video/call/default/c1",
                "{\"data\": {\"created_by_id\": \"u1\", \"members\": [{\"user_id\": \"u1\"}]}}", validHeaders()).statusCode());
    }

    @Test
    void faultMatchedByPathRegexIsPlayedTheGivenNumberOfTimes() throws Exception {
        standIn.failNext("/api/v2/users$", Fault.status(500, -1, "boom"), 2);

        assertEquals(500, send("POST", "/api/v2/users", USERS, validHeaders()).statusCode());
        assertEquals(500, send("POST", "/api/v2/users", USERS, validHeaders()).statusCode());
        assertEquals(201, send("POST", "/api/v2/users", USERS, validHeaders()).statusCode());
    }

    @Test
    void faultPickedByAPredicateHitsOnlyTheRequestsItPicks() throws Exception {
        String other = "{\"users\": {\"u2\": {\"id\": \"u2\", \"name\": \"Bob\"}}}";
        standIn.failWhen(request -> request.rawBody() != null && request.rawBody().contains("\"u1\""),
                Fault.status(503, -1, "down"), 1);

        assertEquals(201, send("POST", "/api/v2/users", other, validHeaders()).statusCode());
        assertEquals(503, send("POST", "/api/v2/users", USERS, validHeaders()).statusCode());
        assertEquals(201, send("POST", "/api/v2/users", USERS, validHeaders()).statusCode());
    }

    @Test
    void droppedConnectionGivesTheClientAnIoError() {
        standIn.failNext("UpdateUsers", Fault.dropConnection(), 5);

        assertThrows(IOException.class, () -> send("POST", "/api/v2/users", USERS, validHeaders()));
    }

    @Test
    void hangingRequestIsReleasedWhenTheStandInCloses() throws Exception {
        standIn.failNext("UpdateUsers", Fault.hang(), 1);
        CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(request("POST", "/api/v2/users", "key-1", USERS,
                validHeaders()), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertTrue(!pending.isDone(), "still hanging");
        long started = System.nanoTime();

        standIn.close();

        assertThrows(Exception.class, () -> pending.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
    }

    @Test
    void participantsCanOnlyJoinAnExistingCall() {
        assertThrows(IllegalStateException.class, () -> standIn.connectParticipant("c1", "u1", "s1"));
    }

    @Test
    void listenersGetTheEventsInTheOrderTheyHappenedWhenChangesComeAtOnce() throws Exception {
        createCallOfU1();
        List<String> handedOver = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        standIn.onEvent(event -> handedOver.add(eventKey(event)));
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
        List<Thread> browsers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + "-";
            Thread browser = new Thread(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 300; i++) {
                    standIn.connectParticipant("c1", "u1", prefix + i);
                    standIn.disconnectParticipant("c1", prefix + i);
                }
            });
            browser.start();
            browsers.add(browser);
        }
        for (Thread browser : browsers) {
            browser.join(60_000);
        }

        List<String> happened = standIn.events().stream().map(StreamStandInTest::eventKey).toList();
        List<String> received = List.copyOf(handedOver);
        assertEquals(happened.size(), received.size());
        int firstDifference = java.util.stream.IntStream.range(0, happened.size())
                .filter(i -> !happened.get(i).equals(received.get(i))).findFirst().orElse(-1);
        assertEquals(-1, firstDifference, () -> "event " + firstDifference + " happened as " + happened.get(firstDifference)
                + " but was handed over as " + received.get(firstDifference));
    }

    private static String eventKey(JsonNode event) {
        return event.path("type").asText() + " " + event.path("participant").path("user_session_id").asText()
                + " " + event.path("created_at").asText();
    }

    @Test
    void snapshotsCannotBeChanged() throws Exception {
        standIn.seedUser("u1", null, null);
        send("POST", "/api/v2/video/call/default/c1", "{\"data\": {\"created_by_id\": \"u1\", \"members\": [{\"user_id\": \"u1\"}]}}",
                validHeaders());

        StandInCall call = standIn.call("c1").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> call.members().clear());
        assertThrows(UnsupportedOperationException.class, () -> standIn.requests().clear());
        assertEquals(List.of("u1"), standIn.call("c1").orElseThrow().memberIds());
    }

    @Test
    void resetForgetsStateRequestsViolationsAndFaults() throws Exception {
        standIn.seedUser("u1", null, null);
        send("POST", "/api/v2/users", "bad-key", USERS, validHeaders());
        standIn.failNext("UpdateUsers", Fault.internalError(), 1);
        standIn.refuseParticipantsQueryWithoutSession(true);

        standIn.reset();

        assertTrue(standIn.users().isEmpty());
        assertTrue(standIn.requests().isEmpty());
        assertTrue(standIn.violations().isEmpty());
        assertEquals(201, send("POST", "/api/v2/users", USERS, validHeaders()).statusCode());
        createCallOfU1();
        assertEquals(201, send("POST", "/api/v2/video/call/default/c1/participants", "{}", validHeaders()).statusCode(),
                "the no-active-session switch is off again");
    }

    private void assertRefused(HttpResponse<String> response, int status, int code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, Json.read(response.body()).get("code").intValue(), response.body());
        assertEquals(1, standIn.violations().size(), standIn.violations().toString());
    }

    private Map<String, String> validHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", serverToken("secret-1"));
        headers.put("Stream-Auth-Type", "jwt");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static String serverToken(String secret) {
        return JWT.create().withClaim("server", true).sign(Algorithm.HMAC256(secret));
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        return send(method, path, "key-1", body, headers);
    }

    /** {@code apiKeyAndQuery} is put after {@code ?api_key=}; null sends no query at all. */
    private HttpResponse<String> send(String method, String path, String apiKeyAndQuery, String body,
                                      Map<String, String> headers) throws Exception {
        return HTTP.send(request(method, path, apiKeyAndQuery, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String apiKeyAndQuery, String body, Map<String, String> headers) {
        String uri = standIn.baseUrl() + path + (apiKeyAndQuery == null ? "" : "?api_key=" + apiKeyAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }
}
