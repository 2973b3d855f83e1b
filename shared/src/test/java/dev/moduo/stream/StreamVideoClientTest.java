package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.RecordedRequest;
import dev.moduo.stream.testing.StandInCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamVideoClientTest {

    private StandInClients stream;

    @BeforeEach
    void start() {
        stream = new StandInClients();
        stream.standIn.seedUser("host", "Host", null);
        stream.standIn.seedUser("guest", "Guest", null);
    }

    @AfterEach
    void stop() {
        assertEquals(List.of(), stream.standIn.violations());
        stream.close();
    }

    @Test
    void getOrCreateCallCreatesCallWithCreatorAsAdminMemberAndSessionSettings() throws Exception {
        stream.video.getOrCreateCall("c1", "host", List.of("guest", "host"), Map.of("sessionId", "s1"), false, StandInClients.deadline());

        StandInCall call = stream.standIn.call("c1").orElseThrow();
        assertEquals("host", call.createdById());
        assertEquals(List.of(new StandInCall.Member("host", "admin"), new StandInCall.Member("guest", "call_member")), call.members());
        assertEquals(Map.of("sessionId", "s1"), call.custom());
        assertEquals(Map.of("screensharing", Map.of("enabled", true), "recording", Map.of("mode", "disabled")),
                call.settingsOverride());
        RecordedRequest request = stream.standIn.requests("GetOrCreateCall").get(0);
        assertEquals(Json.read("""
                {"data": {"created_by_id": "host",
                          "members": [{"user_id": "host", "role": "admin"}, {"user_id": "guest", "role": "call_member"}],
                          "custom": {"sessionId": "s1"},
                          "settings_override": {"screensharing": {"enabled": true}, "recording": {"mode": "disabled"}}}}
                """), request.body());
    }

    @Test
    void aRecordableCallIsMadeWithRecordingAvailable() {
        stream.video.getOrCreateCall("c1", "host", List.of(), Map.of(), true, StandInClients.deadline());

        assertEquals(Map.of("mode", "available"), stream.standIn.call("c1").orElseThrow().settingsOverride().get("recording"));
    }

    @Test
    void getOrCreateCallOnExistingCallLeavesItAsItIs() {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());
        stream.video.getOrCreateCall("c1", "host", List.of(), null, false, StandInClients.deadline());

        assertEquals(List.of("host", "guest"), stream.standIn.call("c1").orElseThrow().memberIds());
        assertEquals(2, stream.standIn.requests("GetOrCreateCall").size());
    }

    @Test
    void getOrCreateCallWithUnknownMemberIsRejectedWithoutRetry() {
        StreamException e = assertThrows(StreamException.class, () ->
                stream.video.getOrCreateCall("c1", "host", List.of("stranger"), Map.of(), false, StandInClients.deadline()));

        assertFalse(e.retriable());
        assertEquals(400, e.streamHttpStatus());
        assertEquals(4, e.streamCode());
        assertTrue(e.streamMessage().contains("Call members need to be existing users"), e.streamMessage());
        assertEquals(1, stream.standIn.requests("GetOrCreateCall").size());
        assertTrue(stream.standIn.call("c1").isEmpty());
    }

    @Test
    void addCallMembersAddsUsersToTheCall() {
        stream.standIn.seedUser("observer", "Observer", null);
        stream.video.getOrCreateCall("c1", "host", List.of(), Map.of(), false, StandInClients.deadline());

        stream.video.addCallMembers("c1", List.of("guest", "observer", "guest"), StandInClients.deadline());

        assertEquals(List.of("host", "guest", "observer"), stream.standIn.call("c1").orElseThrow().memberIds());
        JsonNode body = stream.standIn.requests("UpdateCallMembers").get(0).body();
        assertEquals(Json.MAPPER.valueToTree(Map.of("update_members", List.of(
                        Map.of("user_id", "guest", "role", "call_member"), Map.of("user_id", "observer", "role", "call_member")))),
                body);
    }

    @Test
    void addCallMembersToUnknownCallIsRejected() {
        StreamException e = assertThrows(StreamException.class, () ->
                stream.video.addCallMembers("nope", List.of("guest"), StandInClients.deadline()));

        assertFalse(e.retriable());
        assertTrue(e.isNotFound());
        assertEquals(16, e.streamCode());
        assertEquals("UpdateCallMembers", e.operation());
    }

    @Test
    void markCallEndedEndsTheCallForEveryone() {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());
        stream.standIn.connectParticipant("c1", "guest", "sess-1");

        stream.video.markCallEnded("c1", StandInClients.deadline());

        StandInCall call = stream.standIn.call("c1").orElseThrow();
        assertTrue(call.ended());
        assertEquals(List.of(), call.participants());
        assertEquals(null, stream.standIn.requests("EndCall").get(0).rawBody());
    }

    @Test
    void markCallEndedOnUnknownCallCountsAsDone() {
        stream.video.markCallEnded("gone", StandInClients.deadline());

        assertEquals(1, stream.standIn.requests("EndCall").size());
    }

    @Test
    void deleteCallHardDeletesTheCall() throws Exception {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());

        stream.video.deleteCall("c1", StandInClients.deadline());

        StandInCall call = stream.standIn.call("c1").orElseThrow();
        assertTrue(call.deleted());
        assertTrue(call.hardDeleted());
        assertEquals(Json.read("{\"hard\": true}"), stream.standIn.requests("DeleteCall").get(0).body());
    }

    @Test
    void deleteCallOnUnknownOrAlreadyDeletedCallCountsAsDone() {
        stream.video.getOrCreateCall("c1", "host", List.of(), Map.of(), false, StandInClients.deadline());
        stream.video.deleteCall("c1", StandInClients.deadline());

        stream.video.deleteCall("c1", StandInClients.deadline());
        stream.video.deleteCall("never-existed", StandInClients.deadline());

        assertEquals(3, stream.standIn.requests("DeleteCall").size());
    }

    @Test
    void queryParticipantsListsConnectedSessions() {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());
        stream.standIn.connectParticipant("c1", "host", "sess-h");
        stream.standIn.connectParticipant("c1", "guest", "sess-g1");
        stream.standIn.connectParticipant("c1", "guest", "sess-g2");
        stream.standIn.disconnectParticipant("c1", "sess-g1");

        List<CallParticipant> participants = stream.video.queryParticipants("c1", StandInClients.deadline());

        assertEquals(List.of(new CallParticipant("host", "sess-h"), new CallParticipant("guest", "sess-g2")), participants);
        RecordedRequest request = stream.standIn.requests("QueryCallParticipants").get(0);
        assertEquals("100", request.query().get("limit"));
        assertEquals(Json.object(), request.body());
    }

    @Test
    void queryParticipantsOfUnknownCallIsEmpty() {
        assertEquals(List.of(), stream.video.queryParticipants("nope", StandInClients.deadline()));
    }

    @Test
    void queryParticipantsOfACallWithNoActiveSessionIsEmpty() {
        stream.standIn.refuseParticipantsQueryWithoutSession(true);
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());

        assertEquals(List.of(), stream.video.queryParticipants("c1", StandInClients.deadline()));
        assertEquals(1, stream.standIn.requests("QueryCallParticipants").size());
    }

    @Test
    void queryParticipantsRefusedWithAnotherInputErrorIsRejected() {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());
        stream.standIn.failNext("QueryCallParticipants",
                Fault.status(400, 4, "QueryCallParticipants failed with error: \"filter_conditions is invalid\""));

        StreamException e = assertThrows(StreamException.class, () ->
                stream.video.queryParticipants("c1", StandInClients.deadline()));

        assertFalse(e.retriable());
        assertEquals(400, e.streamHttpStatus());
        assertEquals(4, e.streamCode());
    }

    @Test
    void queryParticipantsSayingNoActiveSessionUnderAnotherCodeIsRejected() {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), false, StandInClients.deadline());
        stream.standIn.failNext("QueryCallParticipants",
                Fault.status(403, 17, "QueryCallParticipants failed with error: \"there is no active session\""));

        StreamException e = assertThrows(StreamException.class, () ->
                stream.video.queryParticipants("c1", StandInClients.deadline()));

        assertEquals(403, e.streamHttpStatus());
    }

    // --- recordings

    private void recordableCallWithSomeoneIn() {
        stream.video.getOrCreateCall("c1", "host", List.of("guest"), Map.of(), true, StandInClients.deadline());
        stream.standIn.connectParticipant("c1", "host", "host-session");
    }

    private long requestsFor(String operation) {
        return stream.standIn.requests(operation).size();
    }

    @Test
    void startRecordingRecordsTheCallAsOneCompositeFile() {
        recordableCallWithSomeoneIn();

        stream.video.startRecording("c1", StandInClients.deadline());

        RecordedRequest request = stream.standIn.requests("StartRecording").get(0);
        assertEquals("/api/v2/video/call/default/c1/recordings/composite/start", request.path());
        assertTrue(stream.standIn.events().stream().anyMatch(event -> event.path("type").asText().equals("call.recording_started")));
    }

    @Test
    void startRecordingWithNobodyInTheCallIsAStateRefusalOfNoActiveSession() {
        stream.video.getOrCreateCall("c1", "host", List.of(), Map.of(), true, StandInClients.deadline());

        StreamException e = assertThrows(StreamException.class, () -> stream.video.startRecording("c1", StandInClients.deadline()));

        assertFalse(e.retriable());
        assertTrue(StreamVideoClient.isNoActiveSession(e));
        assertEquals(java.util.Optional.of("there is no active session"), StreamVideoClient.callStateRefusal(e));
    }

    @Test
    void startRecordingWhoseAnswerWasLostIsNotSentAgain() {
        recordableCallWithSomeoneIn();
        stream.standIn.failNext("StartRecording", Fault.dropConnection(), 1);

        StreamException e = assertThrows(StreamException.class, () -> stream.video.startRecording("c1", StandInClients.deadline()));

        assertTrue(e.retriable());
        assertEquals(1, requestsFor("StartRecording"));
    }

    @Test
    void startRecordingAfterAServerErrorIsNotSentAgain() {
        recordableCallWithSomeoneIn();
        stream.standIn.failNext("StartRecording", Fault.internalError(), 1);

        assertThrows(StreamException.class, () -> stream.video.startRecording("c1", StandInClients.deadline()));

        assertEquals(1, requestsFor("StartRecording"));
    }

    @Test
    void startRecordingRateLimitedIsSentAgainOnceTheWindowResets() {
        recordableCallWithSomeoneIn();
        stream.standIn.failNext("StartRecording", Fault.rateLimitedWithRetryAfter(java.time.Duration.ofSeconds(1)), 1);

        stream.video.startRecording("c1", StandInClients.deadline());

        assertEquals(2, requestsFor("StartRecording"));
        assertTrue(stream.standIn.call("c1").orElseThrow().participants().size() == 1);
    }

    @Test
    void stopRecordingWhenNothingRecordsIsAStateRefusal() {
        recordableCallWithSomeoneIn();

        StreamException e = assertThrows(StreamException.class, () -> stream.video.stopRecording("c1", StandInClients.deadline()));

        assertEquals(java.util.Optional.of("call egress is not running"), StreamVideoClient.callStateRefusal(e));
    }

    @Test
    void listRecordingsGivesEachFileWithAFreshlySignedUrl() {
        recordableCallWithSomeoneIn();
        stream.video.startRecording("c1", StandInClients.deadline());
        stream.video.stopRecording("c1", StandInClients.deadline());

        List<StreamRecordingFile> first = stream.video.listRecordings("c1", StandInClients.deadline());
        List<StreamRecordingFile> second = stream.video.listRecordings("c1", StandInClients.deadline());

        assertEquals(1, first.size());
        assertTrue(first.get(0).filename().endsWith(".mp4"));
        assertEquals("composite", first.get(0).recordingType());
        assertTrue(first.get(0).startTime() != null && first.get(0).endTime() != null);
        assertFalse(first.get(0).url().equals(second.get(0).url()));
    }

    @Test
    void listRecordingsOfADeletedCallIsEmpty() {
        recordableCallWithSomeoneIn();
        stream.video.deleteCall("c1", StandInClients.deadline());

        assertEquals(List.of(), stream.video.listRecordings("c1", StandInClients.deadline()));
    }

    @Test
    void aBadRequestWithoutStreamsStateShapeIsNoStateRefusal() {
        StreamException malformed = StreamException.rejected("StartRecording", 400,
                new StreamApiError(4, "recording_external_storage must be a string", 400, false));

        assertEquals(java.util.Optional.empty(), StreamVideoClient.callStateRefusal(malformed));
    }

    @Test
    void callIdOutsideTheSafeCharsetIsRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () ->
                stream.video.deleteCall("../users", StandInClients.deadline()));
        assertThrows(IllegalArgumentException.class, () ->
                stream.video.deleteCall("x".repeat(65), StandInClients.deadline()));

        assertFalse(stream.standIn.requests().iterator().hasNext());
    }
}
