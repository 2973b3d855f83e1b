package dev.moduo.functions.end;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.cleanup.CleanupSummary;
import dev.moduo.functions.recordings.SessionRecordingsFunction;
import dev.moduo.functions.streamwebhook.StreamWebhookFunction;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.testing.Convergence;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ending a recordable session never destroys a recording Stream still writes, uploads or keeps: the call is ended
 * for everyone and its channel deleted at once, and the cleanup hard-deletes the call only two hours after the end
 * at the earliest, once Stream's two weeks of keeping every file it reported are over, and once Stream lists no file
 * Moduo had not heard of. The stand-in counts every recording a hard delete would have destroyed
 * ({@code recordingsLost}).
 */
class RecordedSessionEndTest {

    private static final String HOST = "user_host";
    private static final String GUEST = "user_guest";

    private FunctionTestEnvironment env;
    private EndSessionFunction end;
    private SessionRecordingsFunction recordings;
    private StreamWebhookFunction webhooks;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment().set("RECORDING", "on");
        end = env.function(EndSessionFunction::new);
        recordings = env.function(SessionRecordingsFunction::new);
        webhooks = env.function(StreamWebhookFunction::new);
    }

    @AfterEach
    void stop() {
        end.close();
        recordings.close();
        webhooks.close();
        env.close();
    }

    /** A session both are in, whose host started recording and Stream reported it. */
    private SessionView recordedSession() {
        SessionView session = env.seedSession(HOST, "Two Sum");
        env.seedJoin(session.id(), GUEST);
        env.stream().connectParticipant(session.callId(), HOST, "host-" + session.id());
        env.stream().connectParticipant(session.callId(), GUEST, "guest-" + session.id());
        APIGatewayV2HTTPEvent start = withSessionId(env.eventAs("start-recording.json", HOST), session.id());
        assertEquals(202, recordings.handleRequest(start, lambdaContext("SessionRecordingsFunction")).getStatusCode());
        deliverStreamWebhooks();
        return session;
    }

    private void endByHost(SessionView session) {
        APIGatewayV2HTTPEvent event = withSessionId(env.eventAs("end-session.json", HOST), session.id());
        assertEquals(200, end.handleRequest(event, lambdaContext("EndSessionFunction")).getStatusCode());
    }

    private void deliverStreamWebhooks() {
        for (APIGatewayV2HTTPEvent delivery : env.streamWebhooks()) {
            assertEquals(200, webhooks.handleRequest(delivery, lambdaContext("StreamWebhookFunction")).getStatusCode(),
                    delivery.getBody());
        }
    }

    /** A cleanup run {@code later} from now, with Stream's clock as far ahead (what Stream deems kept depends on it). */
    private CleanupSummary cleanupAfter(Duration later) {
        env.stream().useClock(Clock.offset(Clock.systemUTC(), later));
        return env.runCleanup(later);
    }

    private StandInCall call(SessionView session) {
        return env.stream().call(session.callId()).orElseThrow();
    }

    private Document stored(SessionView session) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(session.id()))).first();
    }

    @Test
    void endingARecordedSessionEndsTheCallForEveryoneButKeepsIt() {
        SessionView session = recordedSession();
        env.stream().holdRecordingUploads(true);

        endByHost(session);

        StandInCall call = call(session);
        assertTrue(call.ended());
        assertTrue(call.participants().isEmpty());
        assertFalse(call.deleted());
        assertTrue(env.stream().channel(session.callId()).isEmpty(), "the chat goes at once");
        Document stored = stored(session);
        assertEquals("completed", stored.getString("status"));
        assertEquals(true, stored.get("teardownPending"));
        Date endedAt = stored.getDate("endedAt");
        assertEquals(endedAt.toInstant().plus(Duration.ofHours(2)), stored.getDate("callDeleteNotBefore").toInstant(),
                "a recording still uploading is waited for two hours at most");
    }

    @Test
    void aRecordingStillUploadingAtTheEndIsKeptOnceStreamReportsItReady() {
        SessionView session = recordedSession();
        env.stream().holdRecordingUploads(true);
        endByHost(session);
        deliverStreamWebhooks();
        assertEquals(0, cleanupAfter(Duration.ofMinutes(30)).examined(), "nothing to do while the upload runs");

        env.stream().finishRecordingUploads();
        deliverStreamWebhooks();
        CleanupSummary afterReady = cleanupAfter(Duration.ofMinutes(40));

        assertEquals(1, afterReady.callDeletesHeld());
        assertEquals(0, afterReady.failed());
        assertFalse(call(session).deleted());
        assertEquals(List.of(), env.stream().recordingsLost());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void theCallIsHardDeletedOnceStreamNoLongerKeepsTheFiles() {
        SessionView session = recordedSession();
        endByHost(session);
        deliverStreamWebhooks();

        CleanupSummary withinRetention = cleanupAfter(Duration.ofDays(13));
        CleanupSummary afterRetention = cleanupAfter(Duration.ofDays(15));

        assertEquals(1, withinRetention.callDeletesHeld());
        assertEquals(1, afterRetention.teardownsFinished());
        assertTrue(call(session).hardDeleted());
        assertNull(stored(session).get("callDeleteNotBefore"));
        assertEquals(false, stored(session).get("teardownPending"));
        assertEquals(List.of(), env.stream().recordingsLost(), "Stream had deleted the files itself by then");
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void theKeptCallsDeleteSendsNoSecondEndOrChannelDelete() {
        SessionView session = recordedSession();
        endByHost(session);
        deliverStreamWebhooks();

        assertEquals(1, cleanupAfter(Duration.ofDays(15)).teardownsFinished());

        assertTrue(call(session).hardDeleted());
        assertEquals(1, requestsNaming("EndCall", session.callId()), "call.ended was sent at the end");
        assertEquals(1, requestsNaming("DeleteChannel", session.callId()), "the channel went at the end");
    }

    private long requestsNaming(String operation, String callId) {
        return env.stream().requests(operation).stream().filter(request -> request.path().contains(callId)).count();
    }

    @Test
    void aRecordingStreamNeverReportsIsWaitedForTwoHoursAtMost() {
        SessionView session = recordedSession();
        env.stream().holdRecordingUploads(true);
        endByHost(session);
        deliverStreamWebhooks();

        cleanupAfter(Duration.ofMinutes(119));
        boolean keptBefore = !call(session).deleted();
        CleanupSummary after = cleanupAfter(Duration.ofMinutes(121));

        assertTrue(keptBefore);
        assertEquals(1, after.teardownsFinished());
        assertTrue(call(session).hardDeleted());
        assertEquals(1, env.stream().recordingsLost().size(), "the bound's price: an upload Stream never finished");
    }

    @Test
    void aCallWhoseRecordingsAllFailedIsDeletedOnceTheWaitIsOver() {
        SessionView session = recordedSession();
        env.stream().holdRecordingUploads(true);
        endByHost(session);
        env.stream().failRecordingUploads();
        deliverStreamWebhooks();

        CleanupSummary withinTheWait = cleanupAfter(Duration.ofMinutes(1));
        CleanupSummary after = cleanupAfter(Duration.ofMinutes(121));

        assertEquals(1, withinTheWait.callDeletesHeld());
        assertEquals(1, after.teardownsFinished());
        assertTrue(call(session).hardDeleted());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void aRecordableSessionNobodyRecordedIsKeptTwoHoursThenDeleted() {
        SessionView session = env.seedSession(HOST, "Two Sum");
        env.seedJoin(session.id(), GUEST);

        endByHost(session);
        boolean keptAtTheEnd = !call(session).deleted();
        CleanupSummary after = cleanupAfter(Duration.ofMinutes(121));

        assertTrue(keptAtTheEnd, "the host may have recorded it from the web client");
        assertEquals(1, after.teardownsFinished());
        assertTrue(call(session).hardDeleted());
        assertEquals(false, stored(session).get("teardownPending"));
        assertNull(stored(session).get("callDeleteNotBefore"));
    }

    @Test
    void aRecordingStartedFromTheBrowserIsKeptThoughModuoNeverHeardOfIt() {
        SessionView session = env.seedSession(HOST, "Two Sum");
        env.stream().connectParticipant(session.callId(), HOST, "host-" + session.id());
        // The web client's record button: Stream records; its webhooks never reach Moduo.
        var video = end.getApplicationContext().getBean(dev.moduo.stream.StreamVideoClient.class);
        video.startRecording(session.callId(), dev.moduo.core.Deadline.after(Duration.ofSeconds(5)));
        endByHost(session);
        env.stream().takeEvents();

        CleanupSummary after = cleanupAfter(Duration.ofMinutes(121));

        assertEquals(1, after.callDeletesHeld());
        assertFalse(call(session).deleted());
        assertEquals(List.of(), env.stream().recordingsLost());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void aRecordingWhoseReadyWebhookWasLostIsFoundInStreamsListingAndKept() {
        SessionView session = recordedSession();
        endByHost(session);
        for (APIGatewayV2HTTPEvent delivery : env.streamWebhooks()) {
            if (!delivery.getBody().contains("call.recording_ready")) {
                webhooks.handleRequest(delivery, lambdaContext("StreamWebhookFunction"));
            }
        }

        CleanupSummary afterTheWait = cleanupAfter(Duration.ofMinutes(121));
        CleanupSummary withinRetention = cleanupAfter(Duration.ofDays(13));

        assertEquals(1, afterTheWait.callDeletesHeld());
        assertEquals(0, withinRetention.examined(), "the file found is kept for its two weeks, not looked up again");
        assertFalse(call(session).deleted());
        assertEquals(List.of(), env.stream().recordingsLost());
    }

    @Test
    void aRecordingWhoseStopWebhookWasLostIsNotShownAsRecordingAfterTheEnd() {
        SessionView session = recordedSession();
        endByHost(session);
        for (APIGatewayV2HTTPEvent delivery : env.streamWebhooks()) {
            if (!delivery.getBody().contains("call.recording_stopped")) {
                webhooks.handleRequest(delivery, lambdaContext("StreamWebhookFunction"));
            }
        }

        APIGatewayV2HTTPEvent list = withSessionId(env.eventAs("list-recordings.json", GUEST), session.id());
        JsonNode listed = body(recordings.handleRequest(list, lambdaContext("SessionRecordingsFunction")));

        assertEquals("idle", listed.path("recording").asText());
        assertEquals("ready", listed.path("recordings").path(0).path("status").asText(), listed.toString());
    }

    @Test
    void endingTwiceDoesNotEndTheKeptCallAgain() {
        SessionView session = recordedSession();
        endByHost(session);
        int endCalls = env.stream().requests("EndCall").size();

        endByHost(session);

        assertEquals(endCalls, env.stream().requests("EndCall").size());
        assertNotNull(stored(session).get("callDeleteNotBefore"));
    }

    @Test
    void aStartStreamNeverReportedKeepsTheCallUntilTheWaitEnds() {
        SessionView session = env.seedSession(HOST, "Two Sum");
        env.stream().connectParticipant(session.callId(), HOST, "host-" + session.id());
        env.stream().failNext("StartRecording", dev.moduo.stream.testing.Fault.dropConnection());
        APIGatewayV2HTTPEvent start = withSessionId(env.eventAs("start-recording.json", HOST), session.id());
        assertEquals(503, recordings.handleRequest(start, lambdaContext("SessionRecordingsFunction")).getStatusCode());

        endByHost(session);

        assertFalse(call(session).deleted(), "Stream may have started it: the end does not delete the call");
        assertNotNull(stored(session).get("callDeleteNotBefore"));
        cleanupAfter(Duration.ofMinutes(121));
        assertTrue(call(session).hardDeleted());
    }
}
