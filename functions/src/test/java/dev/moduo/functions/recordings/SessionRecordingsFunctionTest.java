package dev.moduo.functions.recordings;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.functions.streamwebhook.StreamWebhookFunction;
import dev.moduo.recording.CallRecordingRepository;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FaultMatrix;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording a session: the host starts and stops it while someone is in the call, Stream reports it by webhook,
 * host and participant list it. The Stream stand-in records, refuses and reports as Stream documents it.
 */
class SessionRecordingsFunctionTest {

    private static final String HOST = "user_host";
    private static final String GUEST = "user_guest";

    private static FunctionTestEnvironment env;
    private static SessionRecordingsFunction function;
    private static StreamWebhookFunction webhooks;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment().set("RECORDING", "on");
        function = env.function(SessionRecordingsFunction::new);
        webhooks = env.function(StreamWebhookFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        webhooks.close();
        env.close();
    }

    @AfterEach
    void clean() {
        assertEquals(List.of(), env.streamViolations());
        env.stream().clearFaults();
        env.stream().takeEvents();
    }

    private static SessionView sessionInCall() {
        SessionView session = env.seedSession(HOST, "Two Sum");
        env.seedJoin(session.id(), GUEST);
        env.stream().connectParticipant(session.callId(), HOST, "host-" + session.id());
        return session;
    }

    private static APIGatewayV2HTTPResponse send(String fixture, String userId, String sessionId) {
        APIGatewayV2HTTPEvent event = withSessionId(env.eventAs(fixture, userId), sessionId);
        return function.handleRequest(event, lambdaContext("SessionRecordingsFunction"));
    }

    private static APIGatewayV2HTTPResponse startRecording(String userId, String sessionId) {
        return send("start-recording.json", userId, sessionId);
    }

    private static APIGatewayV2HTTPResponse stopRecording(String userId, String sessionId) {
        return send("stop-recording.json", userId, sessionId);
    }

    private static APIGatewayV2HTTPResponse list(String userId, String sessionId) {
        return send("list-recordings.json", userId, sessionId);
    }

    /** Plays Stream's side: every webhook the stand-in would have sent, delivered to the webhook function. */
    private static void deliverStreamWebhooks() {
        for (APIGatewayV2HTTPEvent delivery : env.streamWebhooks()) {
            assertEquals(200, webhooks.handleRequest(delivery, lambdaContext("StreamWebhookFunction")).getStatusCode(),
                    delivery.getBody());
        }
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return body(response).path("message").asText();
    }

    private static long startRequestsKept(String callId) {
        return env.mongo().database().getCollection(CallRecordingRepository.COLLECTION)
                .countDocuments(new Document("callId", callId).append("kind", "startRequest"));
    }

    @Test
    void theHostStartsRecordingWhileSomeoneIsInTheCall() {
        SessionView session = sessionInCall();

        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());

        assertEquals(202, response.getStatusCode());
        assertEquals("starting", body(response).path("recording").asText());
        assertEquals(session.id(), body(response).path("sessionId").asText());
        assertEquals(1, env.stream().requests("StartRecording").stream()
                .filter(request -> request.path().contains(session.callId())).count());
        assertTrue(env.stream().events().stream().anyMatch(event -> event.path("type").asText().equals("call.recording_started")
                && event.path("call_cid").asText().equals("default:" + session.callId())));
    }

    @Test
    void onceStreamReportsItTheSessionIsShownAsRecording() {
        SessionView session = sessionInCall();
        startRecording(HOST, session.id());

        deliverStreamWebhooks();

        JsonNode listed = body(list(GUEST, session.id()));
        assertEquals("recording", listed.path("recording").asText());
        assertEquals("recording", listed.path("recordings").path(0).path("status").asText());
        assertTrue(listed.path("recordings").path(0).path("id").asText().startsWith("EG_"));
    }

    @Test
    void theParticipantCannotStartRecording() {
        SessionView session = sessionInCall();

        APIGatewayV2HTTPResponse response = startRecording(GUEST, session.id());

        assertEquals(403, response.getStatusCode());
        assertEquals("Only the host can record this session", message(response));
        assertEquals(0, env.stream().requests("StartRecording").stream()
                .filter(request -> request.path().contains(session.callId())).count());
    }

    @Test
    void startWithNobodyInTheCallIs409AndKeepsNothing() {
        SessionView session = env.seedSession(HOST, "Two Sum");

        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());

        assertEquals(409, response.getStatusCode());
        assertEquals("Nobody is in the call yet: recording can start once someone has joined it", message(response));
        assertEquals(0, startRequestsKept(session.callId()));
    }

    @Test
    void startWhileStreamRecordsIs409WithStreamsReason() {
        SessionView session = sessionInCall();
        startRecording(HOST, session.id());
        deliverStreamWebhooks();

        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());

        assertEquals(409, response.getStatusCode());
        assertEquals("Stream did not start the recording: call is already being recorded", message(response));
        assertEquals(1, startRequestsKept(session.callId()), "the refused start's note is taken back");
    }

    @Test
    void streamRefusingForAnotherStateOfTheCallIs409WithItsReason() {
        SessionView session = sessionInCall();
        env.stream().failNext("StartRecording",
                Fault.status(400, 4, "StartRecording failed with error: \"cannot record inactive call\""));

        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());

        assertEquals(409, response.getStatusCode());
        assertEquals("Stream did not start the recording: cannot record inactive call", message(response));
        assertEquals(0, startRequestsKept(session.callId()));
    }

    @Test
    void startOnAnEndedSessionIs409() {
        SessionView session = sessionInCall();
        env.seedEnd(session.id(), HOST);

        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());

        assertEquals(409, response.getStatusCode());
        assertEquals("The session has ended: recording is only possible while it is active", message(response));
    }

    @Test
    void whereTheDeploymentDoesNotRecordStartIs409AndTheSessionShowsOff() {
        SessionView session = sessionInCall();
        env.set("RECORDING", "off");
        try (SessionRecordingsFunction off = env.function(SessionRecordingsFunction::new)) {
            APIGatewayV2HTTPResponse response = off.handleRequest(
                    withSessionId(env.eventAs("start-recording.json", HOST), session.id()), lambdaContext("SessionRecordingsFunction"));
            APIGatewayV2HTTPResponse listed = off.handleRequest(
                    withSessionId(env.eventAs("list-recordings.json", HOST), session.id()), lambdaContext("SessionRecordingsFunction"));

            assertEquals(409, response.getStatusCode());
            assertEquals("Recording is not enabled on this deployment", message(response));
            assertEquals("off", body(listed).path("recording").asText());
        } finally {
            env.set("RECORDING", "on");
        }
    }

    @Test
    void aSessionCreatedWhileTheDeploymentDidNotRecordCannotBeRecorded() {
        FunctionTestEnvironment before = new FunctionTestEnvironment();
        try {
            SessionView session = before.seedSession(HOST, "Two Sum");
            before.stream().connectParticipant(session.callId(), HOST, "host-before");
            before.set("RECORDING", "on");
            try (SessionRecordingsFunction now = before.function(SessionRecordingsFunction::new)) {
                APIGatewayV2HTTPResponse response = now.handleRequest(
                        withSessionId(before.eventAs("start-recording.json", HOST), session.id()),
                        lambdaContext("SessionRecordingsFunction"));

                assertEquals(409, response.getStatusCode());
                assertEquals("This session was created before recording was enabled: it cannot be recorded", message(response));
                assertEquals(0, before.stream().requests("StartRecording").size());
            }
        } finally {
            before.close();
        }
    }

    @Test
    void stopAsksStreamAndTheFileBecomesListableWithAFreshUrl() {
        SessionView session = sessionInCall();
        startRecording(HOST, session.id());
        deliverStreamWebhooks();

        APIGatewayV2HTTPResponse stopped = stopRecording(HOST, session.id());
        deliverStreamWebhooks();

        assertEquals(202, stopped.getStatusCode());
        assertEquals("stopping", body(stopped).path("recording").asText());
        JsonNode first = body(list(HOST, session.id()));
        JsonNode second = body(list(HOST, session.id()));
        assertEquals("idle", first.path("recording").asText());
        JsonNode recording = first.path("recordings").path(0);
        assertEquals("ready", recording.path("status").asText());
        JsonNode file = recording.path("files").path(0);
        assertTrue(file.path("filename").asText().endsWith(".mp4"));
        assertTrue(file.path("url").asText().startsWith("https://recordings.stand-in.invalid/"));
        assertNotEquals(file.path("url").asText(), second.path("recordings").path(0).path("files").path(0).path("url").asText(),
                "each listing carries Stream's freshly signed URL, not the one the webhook carried");
        assertFalse(file.path("availableUntil").isNull());
    }

    @Test
    void aStartStreamTimedOutOnIsNotRepeatedAndItsNoteIsKept() {
        SessionView session = sessionInCall();
        env.stream().failWhen(FaultMatrix.request("StartRecording", session.callId()),
                Fault.status(408, 23, "StartRecording failed with error: \"request timed out\""), 1);

        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());

        assertEquals(503, response.getStatusCode());
        assertEquals(1, env.stream().requests("StartRecording").stream()
                .filter(request -> request.path().contains(session.callId())).count());
        assertEquals(1, startRequestsKept(session.callId()), "after Stream's own timeout it may have started");
    }

    @Test
    void stopWhenStreamRecordsNothingIs409() {
        SessionView session = sessionInCall();

        APIGatewayV2HTTPResponse response = stopRecording(HOST, session.id());

        assertEquals(409, response.getStatusCode());
        assertEquals("The session is not being recorded", message(response));
    }

    @Test
    void aRecordingStartedFromTheBrowserCanBeStoppedThroughTheApi() {
        SessionView session = sessionInCall();
        function.getApplicationContext().getBean(dev.moduo.stream.StreamVideoClient.class)
                .startRecording(session.callId(), dev.moduo.core.Deadline.after(java.time.Duration.ofSeconds(5)));

        APIGatewayV2HTTPResponse response = stopRecording(HOST, session.id());

        assertEquals(202, response.getStatusCode());
        assertFalse(env.stream().call(session.callId()).orElseThrow().participants().isEmpty());
        assertTrue(env.stream().events().stream().anyMatch(event -> event.path("type").asText().equals("call.recording_stopped")
                && event.path("call_cid").asText().equals("default:" + session.callId())));
    }

    @Test
    void stopOfARecordingStreamNoLongerRunsIs409() {
        SessionView session = sessionInCall();
        startRecording(HOST, session.id());
        deliverStreamWebhooks();
        env.stream().failNext("StopRecording", Fault.status(400, 4, "StopRecording failed with error: \"call egress is not running\""));

        APIGatewayV2HTTPResponse response = stopRecording(HOST, session.id());

        assertEquals(409, response.getStatusCode());
        assertEquals("The session is not being recorded", message(response));
    }

    @Test
    void theParticipantListsTheRecordingsAfterTheSessionEnded() {
        SessionView session = sessionInCall();
        startRecording(HOST, session.id());
        deliverStreamWebhooks();
        env.seedEnd(session.id(), HOST);
        deliverStreamWebhooks();

        APIGatewayV2HTTPResponse response = list(GUEST, session.id());

        assertEquals(200, response.getStatusCode());
        assertEquals("idle", body(response).path("recording").asText());
        assertEquals("ready", body(response).path("recordings").path(0).path("status").asText());
        assertFalse(body(response).path("recordings").path(0).path("files").path(0).path("url").isNull());
    }

    @Test
    void someoneNeitherHostNorParticipantCannotList() {
        SessionView session = sessionInCall();

        APIGatewayV2HTTPResponse response = list("user_outsider", session.id());

        assertEquals(403, response.getStatusCode());
        assertEquals("Only the host and the participant can see this session's recordings", message(response));
    }

    @Test
    void listingASessionNobodyRecordedAsksStreamNothing() {
        SessionView session = sessionInCall();
        int before = env.stream().requests("ListRecordings").size();

        JsonNode listed = body(list(HOST, session.id()));

        assertEquals("idle", listed.path("recording").asText());
        assertEquals(0, listed.path("recordings").size());
        assertEquals(before, env.stream().requests("ListRecordings").size());
    }

    @Test
    void aFileStreamListsWhoseWebhookNeverCameIsShownWithoutAnId() {
        SessionView session = sessionInCall();
        startRecording(HOST, session.id());
        deliverStreamWebhooks();
        stopRecording(HOST, session.id());
        for (APIGatewayV2HTTPEvent delivery : env.streamWebhooks()) {
            if (!delivery.getBody().contains("call.recording_ready")) {
                webhooks.handleRequest(delivery, lambdaContext("StreamWebhookFunction"));
            }
        }

        JsonNode listed = body(list(HOST, session.id()));

        assertEquals(2, listed.path("recordings").size(), listed.toString());
        assertEquals("processing", listed.path("recordings").path(0).path("status").asText());
        assertTrue(listed.path("recordings").path(1).path("id").isNull());
        assertEquals("ready", listed.path("recordings").path(1).path("status").asText());
        assertTrue(listed.path("recordings").path(1).path("files").path(0).path("url").asText().startsWith("https://"));
    }

    @Test
    void aStartStreamMayHaveAppliedIsNotRepeatedAnsweredFastAndWaitedFor() {
        SessionView session = sessionInCall();
        env.stream().failNext("StartRecording", Fault.dropConnection());

        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = startRecording(HOST, session.id());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(503, response.getStatusCode());
        assertEquals("Video service is unavailable, please retry", message(response));
        assertTrue(tookMs < 5_000, "answered in " + tookMs + " ms");
        assertEquals(1, env.stream().requests("StartRecording").stream()
                .filter(request -> request.path().contains(session.callId())).count(), "a start is never sent twice");
        assertEquals(1, startRequestsKept(session.callId()), "the end waits for what Stream may have started");
    }

    @Test
    void anUnknownSessionIs404() {
        assertEquals(404, list(HOST, new ObjectId().toHexString()).getStatusCode());
        assertEquals(404, startRecording(HOST, new ObjectId().toHexString()).getStatusCode());
    }
}
