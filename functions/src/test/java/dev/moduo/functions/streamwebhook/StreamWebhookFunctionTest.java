package dev.moduo.functions.streamwebhook;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.session.SessionDetail;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.stream.StreamVideoClient;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.webhook.DeliveryLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamWebhookFunctionTest {

    /** The secret of the reference's signature vectors (stream-rest-api.md §6.2), which also signs the sample event. */
    private static final String REFERENCE_SECRET = "test_secret_do_not_use_in_production";
    private static final String SAMPLE_CALL = "3f0c7a52-9b1e-4d6a-8c2f-5e7d9a1b3c4d";

    private static FunctionTestEnvironment env;
    private static StreamWebhookFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(StreamWebhookFunction::new);
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

    // --- deliveries

    /** The sample event with another body, signed as Stream signs it, with a fresh X-Webhook-Id. */
    private static APIGatewayV2HTTPEvent signed(String body) {
        return signed(body, UUID.randomUUID().toString());
    }

    private static APIGatewayV2HTTPEvent signed(String body, String webhookId) {
        return env.streamWebhook(body, webhookId);
    }

    private static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return function.handleRequest(event, lambdaContext("StreamWebhookFunction"));
    }

    private static APIGatewayV2HTTPResponse deliver(String body) {
        return send(signed(body));
    }

    private static String participantEvent(String type, String callId, String userId, String userSessionId, Object createdAt) {
        ObjectNode event = Json.object().put("type", type).put("call_cid", "default:" + callId)
                .put("session_id", "5a8c1e3f-7b9d-4f2a-9c6e-1d3b5f7a9c2e");
        if (createdAt instanceof Long nanos) {
            event.put("created_at", nanos);
        } else {
            event.put("created_at", (String) createdAt);
        }
        ObjectNode participant = event.putObject("participant");
        participant.putObject("user").put("id", userId).put("name", userId).put("role", "user");
        participant.put("user_session_id", userSessionId).put("role", "user").put("joined_at", "2026-11-26T10:00:00.098Z");
        if (type.endsWith("_left")) {
            event.put("duration_seconds", 42);
        }
        return Json.write(event);
    }

    private static String joined(String callId, String userId, String userSessionId, Object createdAt) {
        return participantEvent("call.session_participant_joined", callId, userId, userSessionId, createdAt);
    }

    private static String left(String callId, String userId, String userSessionId, Object createdAt) {
        return participantEvent("call.session_participant_left", callId, userId, userSessionId, createdAt);
    }

    private static String callEvent(String type, String callId) {
        ObjectNode event = Json.object().put("type", type).put("call_cid", "default:" + callId)
                .put("created_at", "2026-11-26T11:00:00.000000000Z");
        event.putObject("call").put("type", "default").put("id", callId).put("cid", "default:" + callId);
        if ("call.ended".equals(type)) {
            event.put("reason", "max duration exceeded");
            event.putNull("user");
        }
        return Json.write(event);
    }

    // --- state

    private static SessionDetail view(String sessionId) {
        return function.getApplicationContext().getBean(SessionService.class).get(new ObjectId(sessionId));
    }

    /** The body GET /api/sessions/{id} writes: the session and, beside it, its presence. */
    private static JsonNode wire(String sessionId) {
        return Json.MAPPER.valueToTree(view(sessionId));
    }

    private static int inCall(String sessionId) {
        return wire(sessionId).path("presence").path("participantsInCall").asInt(-1);
    }

    private static Document stored(String sessionId) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(sessionId))).first();
    }

    private static String newUser() {
        return "user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static final String T1 = "2026-11-26T10:00:00.000000001Z";
    private static final String T2 = "2026-11-26T10:00:00.000000002Z";
    private static final String T3 = "2026-11-26T10:05:00Z";

    // --- the sample event

    @Test
    void sampleEventCarriesTheSignatureOfTheReferenceTestSecret() {
        APIGatewayV2HTTPEvent sample = FunctionTestEnvironment.event("stream-webhook.json");
        assertEquals(StreamWebhookVerifier.sign(sample.getBody().getBytes(StandardCharsets.UTF_8), REFERENCE_SECRET),
                sample.getHeaders().get("x-signature"));
    }

    @Test
    void sampleJoinCountsTheParticipantOnTheSessionsGet() {
        // The sample's times are fixed, so this runs on a clock of its own, never on today's date: the session
        // opens a minute before the sample join and the delivery arrives five seconds after it.
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:59:00Z"));
        SessionView session = env.seedSession(newUser(), "Two Sum", clock);
        String body = FunctionTestEnvironment.event("stream-webhook.json").getBody().replace(SAMPLE_CALL, session.callId());
        clock.advance(Duration.ofSeconds(65));

        APIGatewayV2HTTPResponse response;
        try (StreamWebhookFunction onTime = new StreamWebhookFunction(env.newContext(clock))) {
            response = onTime.handleRequest(signed(body), lambdaContext("StreamWebhookFunction"));
        }

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("Recorded join", body(response).path("message").asText());
        assertEquals(1, inCall(session.id()));
        Document connection = stored(session.id()).get("connections", Document.class)
                .get("c1f4e0d2-8a7b-4c3e-9f1a-2b5d6e8f0a13", Document.class);
        assertEquals("user_2pQx7aZ9kLmN3oPqR5sT7uVwXyZ", connection.getString("userId"));
        assertEquals(true, connection.getBoolean("connected"));
        assertEquals(Instant.parse("2026-11-26T10:00:00.123Z"), stored(session.id()).getDate("lastActivityAt").toInstant());
    }

    @Test
    void newSessionShowsNobodyInTheCall() {
        SessionView session = env.seedSession(newUser(), "Two Sum");
        assertEquals(0, inCall(session.id()));
        assertEquals(0, wire(session.id()).path("presence").path("connectedUserIds").size());
        assertFalse(wire(session.id()).path("session").has("participantsInCall"), "presence is kept beside the session");
    }

    // --- presence

    @Test
    void twoConnectionsOfOneUserCountOnce() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        deliver(joined(session.callId(), host, "tab-1", T1));
        deliver(joined(session.callId(), host, "tab-2", T2));

        assertEquals(1, inCall(session.id()));
    }

    @Test
    void hostAndGuestCountTwoAndLeavingCountsDown() {
        String host = newUser();
        String guest = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        env.seedJoin(session.id(), guest);
        deliver(joined(session.callId(), host, "host-1", T1));
        deliver(joined(session.callId(), guest, "guest-1", T2));
        assertEquals(2, inCall(session.id()));

        deliver(left(session.callId(), guest, "guest-1", T3));
        assertEquals(1, inCall(session.id()));
    }

    @Test
    void leaveThatArrivesBeforeItsJoinLeavesNoGhost() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");

        assertEquals(200, deliver(left(session.callId(), host, "host-1", T2)).getStatusCode());
        APIGatewayV2HTTPResponse lateJoin = deliver(joined(session.callId(), host, "host-1", T1));

        assertEquals(200, lateJoin.getStatusCode());
        assertTrue(body(lateJoin).path("message").asText().startsWith("Ignored"));
        assertEquals(0, inCall(session.id()));
    }

    @Test
    void nanosecondAndRfc3339TimestampsAreOrderedTogether() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        // Joined at T1 as integer nanoseconds, left at T2 as RFC 3339, delivered the other way round.
        deliver(left(session.callId(), host, "host-1", "2026-11-26T10:00:00.000000002Z"));
        deliver(joined(session.callId(), host, "host-1", 1795687200000000001L));
        assertEquals(0, inCall(session.id()));

        deliver(joined(session.callId(), host, "host-2", 1795687200000000003L));
        assertEquals(1, inCall(session.id()));
        deliver(left(session.callId(), host, "host-2", "2026-11-26T10:00:00.000000004Z"));
        assertEquals(0, inCall(session.id()));
    }

    @Test
    void eventWithoutCreatedAtCountsAsNow() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        ObjectNode event = (ObjectNode) Json.MAPPER.valueToTree(
                readJson(joined(session.callId(), host, "host-1", T1)));
        event.remove("created_at");

        assertEquals(200, deliver(Json.write(event)).getStatusCode());
        assertEquals(1, inCall(session.id()));
    }

    @Test
    void completedSessionShowsNobodyInTheCall() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        deliver(joined(session.callId(), host, "host-1", T1));
        env.seedEnd(session.id(), host);

        assertEquals(0, inCall(session.id()));
    }

    // --- replays and unknown calls

    @Test
    void replayedDeliveryIsHandledOnceAndAnswered200BothTimes() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        String joinId = UUID.randomUUID().toString();
        deliver(joined(session.callId(), host, "host-1", T1));
        assertEquals(200, send(signed(joined(session.callId(), host, "host-2", T1), joinId)).getStatusCode());
        deliver(left(session.callId(), host, "host-1", T2));
        deliver(left(session.callId(), host, "host-2", T2));
        assertEquals(0, inCall(session.id()));

        // Stream retries the join of host-2 with a later created_at: as the same webhook, it is not applied again.
        APIGatewayV2HTTPResponse replay = send(signed(joined(session.callId(), host, "host-2", T3), joinId));

        assertEquals(200, replay.getStatusCode());
        assertEquals(DeliveryLog.ALREADY_HANDLED, body(replay).path("message").asText());
        assertEquals(0, inCall(session.id()));
    }

    @Test
    void eventForAnUnknownCallIsAcceptedAndWritesNothing() {
        long deliveries = env.mongo().database().getCollection(DeliveryLog.COLLECTION).countDocuments();
        String callId = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse joinedResponse = deliver(joined(callId, newUser(), "s-1", T1));
        APIGatewayV2HTTPResponse endedResponse = deliver(callEvent("call.ended", callId));

        assertEquals(200, joinedResponse.getStatusCode());
        assertEquals("Ignored: no session has call " + callId, body(joinedResponse).path("message").asText());
        assertEquals(200, endedResponse.getStatusCode());
        assertEquals(0, env.mongo().database().getCollection("sessions").countDocuments(new Document("callId", callId)));
        assertEquals(deliveries, env.mongo().database().getCollection(DeliveryLog.COLLECTION).countDocuments());
    }

    @Test
    void eventForAnotherCallTypeIsIgnored() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        String body = joined(session.callId(), host, "host-1", T1).replace("default:", "livestream:");

        APIGatewayV2HTTPResponse response = deliver(body);

        assertEquals(200, response.getStatusCode());
        assertEquals(0, inCall(session.id()));
    }

    @Test
    void otherEventTypesAreAcceptedAndIgnored() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        Document before = stored(session.id());

        APIGatewayV2HTTPResponse response = deliver(callEvent("call.session_started", session.callId()));

        assertEquals(200, response.getStatusCode());
        assertEquals("Ignored: Moduo does not act on call.session_started", body(response).path("message").asText());
        assertEquals(before, stored(session.id()));
    }

    // --- signatures

    @Test
    void wrongSignatureIsRefusedAndNothingIsWritten() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        APIGatewayV2HTTPEvent delivery = signed(joined(session.callId(), host, "host-1", T1));
        Map<String, String> headers = new HashMap<>(delivery.getHeaders());
        headers.put("x-signature", StreamWebhookVerifier.sign(delivery.getBody().getBytes(StandardCharsets.UTF_8), "another secret"));
        delivery.setHeaders(headers);

        APIGatewayV2HTTPResponse response = send(delivery);

        assertEquals(401, response.getStatusCode());
        assertEquals("Webhook signature does not match", body(response).path("message").asText());
        assertNull(stored(session.id()).get("connections"));
    }

    @Test
    void tamperedBodyIsRefused() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        APIGatewayV2HTTPEvent delivery = signed(joined(session.callId(), host, "host-1", T1));
        delivery.setBody(delivery.getBody().replace("host-1", "host-9"));

        assertEquals(401, send(delivery).getStatusCode());
        assertNull(stored(session.id()).get("connections"));
    }

    @Test
    void missingSignatureIsRefused() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        APIGatewayV2HTTPEvent delivery = signed(callEvent("call.ended", session.callId()));
        Map<String, String> headers = new HashMap<>(delivery.getHeaders());
        headers.remove("x-signature");
        delivery.setHeaders(headers);

        APIGatewayV2HTTPResponse response = send(delivery);

        assertEquals(401, response.getStatusCode());
        assertEquals("Missing X-Signature header", body(response).path("message").asText());
        assertEquals("active", stored(session.id()).getString("status"));
    }

    @Test
    void referenceSignatureVectorsAreAcceptedAndTheirTamperingRefused() {
        try (FunctionTestEnvironment reference = new FunctionTestEnvironment().set("STREAM_API_SECRET", REFERENCE_SECRET)) {
            StreamWebhookFunction handler = reference.function(StreamWebhookFunction::new);
            String ended = "{\"type\":\"call.session_ended\",\"created_at\":1778198400000000000}";
            String started = "{\"type\":\"call.session_started\",\"created_at\":1778198400000000000}";

            assertEquals(200, handler.handleRequest(withSignature(ended,
                    "0e9f39a4fa0e88234600da1e56d6389068095a4e4289aa41aa4c32c499d9ed18"), lambdaContext("f")).getStatusCode());
            assertEquals(200, handler.handleRequest(withSignature(started,
                    "9c65b50bfdf1e8205ba673103a21d3fda71d6969f9003c0f2cdaf43467f6ab07"), lambdaContext("f")).getStatusCode());
            assertEquals(401, handler.handleRequest(withSignature(started,
                    "0e9f39a4fa0e88234600da1e56d6389068095a4e4289aa41aa4c32c499d9ed18"), lambdaContext("f")).getStatusCode());
            assertEquals(401, handler.handleRequest(withSignature(ended.replace("1778198400000000000", "1778198400000000001"),
                    "0e9f39a4fa0e88234600da1e56d6389068095a4e4289aa41aa4c32c499d9ed18"), lambdaContext("f")).getStatusCode());
            handler.close();
        }
    }

    private static APIGatewayV2HTTPEvent withSignature(String body, String signature) {
        APIGatewayV2HTTPEvent event = FunctionTestEnvironment.event("stream-webhook.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-signature", signature);
        headers.put("x-webhook-id", UUID.randomUUID().toString());
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    // --- gzip

    @Test
    void gzipBodySignedUncompressedIsAccepted() throws IOException {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        APIGatewayV2HTTPEvent delivery = signed(joined(session.callId(), host, "host-1", T1));
        gzipBody(delivery);

        APIGatewayV2HTTPResponse response = send(delivery);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, inCall(session.id()));
    }

    @Test
    void gzipBodyWithTheSignatureOfTheCompressedBytesIsRefused() throws IOException {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        APIGatewayV2HTTPEvent delivery = signed(joined(session.callId(), host, "host-1", T1));
        byte[] compressed = gzipBody(delivery);
        Map<String, String> headers = new HashMap<>(delivery.getHeaders());
        headers.put("x-signature", StreamWebhookVerifier.sign(compressed, env.stream().apiSecret()));
        delivery.setHeaders(headers);

        assertEquals(401, send(delivery).getStatusCode());
        assertNull(stored(session.id()).get("connections"));
    }

    /** Replaces the body by its gzip, base64-encoded as API Gateway passes a binary body on. */
    private static byte[] gzipBody(APIGatewayV2HTTPEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(event.getBody().getBytes(StandardCharsets.UTF_8));
        }
        byte[] compressed = out.toByteArray();
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-encoding", "gzip");
        headers.put("content-length", Integer.toString(compressed.length));
        event.setHeaders(headers);
        event.setBody(Base64.getEncoder().encodeToString(compressed));
        event.setIsBase64Encoded(true);
        return compressed;
    }

    // --- calls Stream ended

    @Test
    void callEndedByStreamCompletesTheSessionAndDeletesCallAndChannel() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        env.seedJoin(session.id(), newUser());
        deliver(joined(session.callId(), host, "host-1", T1));

        APIGatewayV2HTTPResponse response = deliver(callEvent("call.ended", session.callId()));

        assertEquals(200, response.getStatusCode());
        Document stored = stored(session.id());
        assertEquals("completed", stored.getString("status"));
        assertEquals("stream", stored.getString("endedReason"));
        assertFalse(stored.getBoolean("teardownPending"));
        assertTrue(env.stream().call(session.callId()).map(c -> c.ended() && c.deleted() && c.hardDeleted()).orElse(false),
                "the call was not ended and hard-deleted");
        assertTrue(env.stream().channel(session.callId()).isEmpty());
        JsonNode wire = wire(session.id());
        assertEquals("completed", wire.path("session").path("status").asText());
        assertEquals("stream", wire.path("session").path("endedReason").asText());
        assertEquals(0, wire.path("presence").path("participantsInCall").asInt());
        assertEquals(List.of(), env.streamViolations());
    }

    @Test
    void callDeletedInStreamCompletesTheSessionAndMissingCallCountsAsDone() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        function.getApplicationContext().getBean(StreamVideoClient.class)
                .deleteCall(session.callId(), Deadline.after(Duration.ofSeconds(5)));

        APIGatewayV2HTTPResponse response = deliver(callEvent("call.deleted", session.callId()));

        assertEquals(200, response.getStatusCode());
        assertEquals("completed", stored(session.id()).getString("status"));
        assertEquals("stream", stored(session.id()).getString("endedReason"));
        assertFalse(stored(session.id()).getBoolean("teardownPending"));
        assertTrue(env.stream().channel(session.callId()).isEmpty());
    }

    @Test
    void callEndedForASessionTheHostEndedChangesNothing() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        env.seedEnd(session.id(), host);
        int requestsBefore = env.stream().requests().size();

        APIGatewayV2HTTPResponse response = deliver(callEvent("call.ended", session.callId()));

        assertEquals(200, response.getStatusCode());
        assertEquals("host", stored(session.id()).getString("endedReason"));
        assertEquals(requestsBefore, env.stream().requests().size());
    }

    @Test
    void teardownFailureAfterCallEndedIsLeftForTheCleanup() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        env.stream().failNext("DeleteChannel", Fault.unavailable(), 100);

        APIGatewayV2HTTPResponse response = deliver(callEvent("call.ended", session.callId()));

        assertEquals(200, response.getStatusCode());
        assertEquals("completed", stored(session.id()).getString("status"));
        assertTrue(stored(session.id()).getBoolean("teardownPending"));
    }

    @Test
    void hangingStreamDoesNotHoldTheAnswerPastItsBudget() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        // Warm: the first call of a handler also pays for creating its beans, which is not what is measured.
        deliver(callEvent("call.session_started", session.callId()));
        env.stream().failNext("EndCall", Fault.hang(), 10);
        long started = System.nanoTime();

        APIGatewayV2HTTPResponse response = deliver(callEvent("call.ended", session.callId()));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, response.getStatusCode());
        assertTrue(millis < StreamWebhookFunction.STREAM_WORK_BUDGET.toMillis() + 1_000, millis + " ms");
        assertEquals("completed", stored(session.id()).getString("status"));
        assertTrue(stored(session.id()).getBoolean("teardownPending"));
    }

    // --- malformed events and outages

    @Test
    void participantEventWithoutParticipantIsABadRequest() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");
        String body = "{\"type\":\"call.session_participant_joined\",\"call_cid\":\"default:" + session.callId()
                + "\",\"created_at\":\"" + T1 + "\",\"session_id\":\"s\"}";

        APIGatewayV2HTTPResponse response = deliver(body);

        assertEquals(400, response.getStatusCode());
        assertEquals("participant.user.id is missing", body(response).path("message").asText());
        assertNull(stored(session.id()).get("connections"));
    }

    @Test
    void unreadableTimestampIsABadRequest() {
        String host = newUser();
        SessionView session = env.seedSession(host, "Two Sum");

        APIGatewayV2HTTPResponse response = deliver(joined(session.callId(), host, "host-1", "yesterday"));

        assertEquals(400, response.getStatusCode());
        assertTrue(body(response).path("message").asText().startsWith("created_at: "));
        assertNull(stored(session.id()).get("connections"));
    }

    @Test
    void mongoOutageAnswers503Quickly() {
        try (FunctionTestEnvironment down = new FunctionTestEnvironment()) {
            StreamWebhookFunction handler = down.function(StreamWebhookFunction::new);
            down.mongo().stop();
            APIGatewayV2HTTPEvent event = FunctionTestEnvironment.event("stream-webhook.json");
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.put("x-signature", StreamWebhookVerifier.sign(event.getBody().getBytes(StandardCharsets.UTF_8),
                    down.stream().apiSecret()));
            event.setHeaders(headers);
            long started = System.nanoTime();

            APIGatewayV2HTTPResponse response = handler.handleRequest(event, lambdaContext("StreamWebhookFunction"));

            assertEquals(503, response.getStatusCode());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 10_000);
            handler.close();
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.read(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
