package dev.moduo.functions.streamwebhook;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.core.Json;
import dev.moduo.recording.CallRecordingRepository;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stream's {@code call.recording_*} webhooks (SPEC {@code CallRecording*Event}), delivered signed. */
class StreamRecordingWebhookTest {

    /** Just after the fixtures' events: no expectation here depends on today's date. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-26T10:00:05Z"));
    private static FunctionTestEnvironment env;
    private static StreamWebhookFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment().set("RECORDING", "on");
        function = new StreamWebhookFunction(env.newContext(CLOCK));
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    private static ObjectNode event(String type, String callId) {
        return Json.object().put("type", type).put("call_cid", "default:" + callId)
                .put("created_at", "2026-11-26T10:00:00.000000001Z").put("egress_id", "EG_" + UUID.randomUUID().toString().substring(0, 8))
                .put("recording_type", "composite");
    }

    private static APIGatewayV2HTTPResponse deliver(ObjectNode event) {
        return function.handleRequest(env.streamWebhook(Json.write(event), UUID.randomUUID().toString()),
                lambdaContext("StreamWebhookFunction"));
    }

    private static long kept(String callId) {
        return env.mongo().database().getCollection(CallRecordingRepository.COLLECTION).countDocuments(new Document("callId", callId));
    }

    @Test
    void aRecordingStartedIsKeptBesideTheSession() {
        SessionView session = env.seedSession("user_host", "Two Sum", CLOCK);

        APIGatewayV2HTTPResponse response = deliver(event("call.recording_started", session.callId()));

        assertEquals(200, response.getStatusCode());
        assertEquals(1, kept(session.callId()));
        assertEquals("Recorded recording_started", body(response).path("message").asText());
    }

    @Test
    void aRecordingEventWithoutItsEgressIdIs400AndKeepsNothing() {
        SessionView session = env.seedSession("user_host", "Two Sum", CLOCK);
        ObjectNode event = event("call.recording_stopped", session.callId());
        event.remove("egress_id");

        APIGatewayV2HTTPResponse response = deliver(event);

        assertEquals(400, response.getStatusCode());
        assertEquals("egress_id is missing", body(response).path("message").asText());
        assertEquals(0, kept(session.callId()));
    }

    @Test
    void aRecordingReadyWithoutItsFileIs400() {
        SessionView session = env.seedSession("user_host", "Two Sum", CLOCK);

        APIGatewayV2HTTPResponse response = deliver(event("call.recording_ready", session.callId()));

        assertEquals(400, response.getStatusCode());
        assertEquals("call_recording is missing", body(response).path("message").asText());
    }

    @Test
    void aReadyFileIsKeptWithoutTheSignedUrlTheWebhookCarried() {
        SessionView session = env.seedSession("user_host", "Two Sum", CLOCK);
        ObjectNode ready = event("call.recording_ready", session.callId());
        ready.putObject("call_recording").put("filename", "b.mp4").put("url", "https://files/b.mp4?Signature=secret")
                .put("start_time", "2026-11-26T09:40:00Z").put("end_time", "2026-11-26T10:00:00Z").put("session_id", "s1");

        assertEquals(200, deliver(ready).getStatusCode());

        String stored = env.mongo().database().getCollection(CallRecordingRepository.COLLECTION)
                .find(new Document("callId", session.callId())).first().toJson();
        assertTrue(stored.contains("b.mp4"), stored);
        assertFalse(stored.contains("https://files/b.mp4"), "a listing asks Stream for a fresh URL: " + stored);
    }

    @Test
    void aRecordingOfACallThatIsNoSessionIsIgnored() {
        APIGatewayV2HTTPResponse response = deliver(event("call.recording_started", "not-a-moduo-call"));

        assertEquals(200, response.getStatusCode());
        assertEquals(0, kept("not-a-moduo-call"));
    }

    @Test
    void aRecordingReadyAfterTheEndMakesTheCleanupDecideAgainAboutTheCall() {
        SessionView session = env.seedSession("user_host", "Two Sum", CLOCK);
        var sessions = env.mongo().database().getCollection(SessionRepository.COLLECTION);
        ObjectId id = new ObjectId(session.id());
        sessions.updateOne(new Document("_id", id), new Document("$set", new Document("status", "completed")
                .append("teardownPending", true).append("callDeleteNotBefore", Date.from(CLOCK.instant().plusSeconds(7200)))));
        ObjectNode ready = event("call.recording_ready", session.callId());
        ready.putObject("call_recording").put("filename", "a.mp4").put("url", "https://files/a.mp4")
                .put("start_time", "2026-11-26T09:40:00Z").put("end_time", "2026-11-26T10:00:00Z").put("session_id", "s1");

        assertEquals(200, deliver(ready).getStatusCode());

        Date notBefore = sessions.find(new Document("_id", id)).first().getDate("callDeleteNotBefore");
        assertEquals(CLOCK.instant(), notBefore.toInstant(), "the next cleanup run looks at it again");
    }
}
