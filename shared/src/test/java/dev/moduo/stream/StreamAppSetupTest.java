package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Deadline;
import dev.moduo.stream.StreamAppSetupReport.GrantChange;
import dev.moduo.stream.testing.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The room lock's set-up of the Stream app: what it changes, that it is idempotent, never looser, and fails cleanly. */
class StreamAppSetupTest {

    private final StandInClients stream = new StandInClients();
    private final StreamAppSetup setup = new StreamAppSetup(stream.http);

    @AfterEach
    void stop() {
        assertEquals(List.of(), stream.standIn.violations());
        stream.close();
    }

    @Test
    void firstRunTakesJoinAndCreateFromNonMembersAndGivesThemToMembers() {
        StreamAppSetupReport report = setup.run(StandInClients.deadline());

        Map<String, List<String>> call = stream.standIn.callTypeGrants();
        for (String role : List.of("user", "guest")) {
            assertFalse(call.get(role).contains("join-call"), role);
            assertFalse(call.get(role).contains("create-call"), role);
        }
        assertTrue(call.get("call_member").containsAll(List.of("join-call", "read-call", "send-audio", "send-video", "screenshare")));
        assertTrue(call.get("admin").containsAll(List.of("join-call", "end-call", "screenshare", "start-recording", "stop-recording")));
        assertTrue(report.changed());
        assertTrue(report.grantChanges().contains(new GrantChange("video:default", "user", List.of(),
                List.of("join-call", "create-call", "join-ended-call", "update-call-member", "remove-call-member", "end-call",
                        "start-recording", "stop-recording", "start-transcription", "stop-transcription",
                        "start-broadcasting", "stop-broadcasting"))));
        assertTrue(report.grantChanges().contains(new GrantChange("video:default", "guest", List.of(), List.of("join-call"))));
    }

    @Test
    void onlyTheHostsCallRoleKeepsRecording() {
        setup.run(StandInClients.deadline());

        Map<String, List<String>> call = stream.standIn.callTypeGrants();
        for (String role : List.of("user", "guest", "call_member")) {
            assertFalse(call.get(role).contains("start-recording"), role);
            assertFalse(call.get(role).contains("stop-recording"), role);
        }
        assertTrue(call.get("admin").containsAll(List.of("start-recording", "stop-recording")));
    }

    @Test
    void firstRunTakesCreateChannelFromUsers() {
        StreamAppSetupReport report = setup.run(StandInClients.deadline());

        assertFalse(stream.standIn.messagingGrants().get("user").contains("create-channel"));
        assertTrue(stream.standIn.messagingGrants().get("channel_member").contains("read-channel"));
        assertTrue(report.grantChanges().contains(new GrantChange("messaging", "user", List.of(), List.of("create-channel"))));
    }

    @Test
    void firstRunTurnsGuestUserCreationOff() {
        StreamAppSetupReport report = setup.run(StandInClients.deadline());

        assertTrue(stream.standIn.guestUserCreationDisabled());
        assertTrue(report.guestUserCreationTurnedOff());
    }

    @Test
    void rolesOutsideThePolicyAreWrittenBackAsTheyWere() {
        stream.standIn.presetCallTypeGrants("moderator", List.of("read-call", "mute-users"));
        Map<String, List<String>> before = stream.standIn.callTypeGrants();

        setup.run(StandInClients.deadline());

        assertEquals(before.get("moderator"), stream.standIn.callTypeGrants().get("moderator"));
        assertEquals(before.get("host"), stream.standIn.callTypeGrants().get("host"));
        JsonNode sent = stream.standIn.requests("UpdateCallType").get(0).body().get("grants");
        assertEquals(before.keySet(), iterableToSet(sent.fieldNames()));
    }

    @Test
    void channelTypeIsWrittenWithTheFieldsUpdateChannelTypeRequires() {
        setup.run(StandInClients.deadline());

        JsonNode sent = stream.standIn.requests("UpdateChannelType").get(0).body();
        assertEquals("disabled", sent.get("automod").asText());
        assertEquals("flag", sent.get("automod_behavior").asText());
        assertEquals(5000, sent.get("max_message_length").asInt());
    }

    @Test
    void secondRunChangesNothingAndSaysSo() {
        setup.run(StandInClients.deadline());
        Map<String, List<String>> callAfterFirst = stream.standIn.callTypeGrants();
        Map<String, List<String>> channelAfterFirst = stream.standIn.messagingGrants();

        StreamAppSetupReport second = setup.run(StandInClients.deadline());

        assertFalse(second.changed());
        assertEquals(List.of(), second.grantChanges());
        assertFalse(second.toJson().get("changed").asBoolean());
        assertEquals(callAfterFirst, stream.standIn.callTypeGrants());
        assertEquals(channelAfterFirst, stream.standIn.messagingGrants());
        assertEquals(1, stream.standIn.requests("UpdateCallType").size());
        assertEquals(1, stream.standIn.requests("UpdateChannelType").size());
        assertEquals(1, stream.standIn.requests("UpdateApp").size());
    }

    @Test
    void stricterConfigurationIsKept() {
        stream.standIn.presetCallTypeGrants("user", List.of("read-call"));
        stream.standIn.presetCallTypeGrants("guest", List.of());
        stream.standIn.presetMessagingGrants("user", List.of("read-channel-owner"));

        StreamAppSetupReport report = setup.run(StandInClients.deadline());

        assertEquals(List.of("read-call"), stream.standIn.callTypeGrants().get("user"));
        assertEquals(List.of(), stream.standIn.callTypeGrants().get("guest"));
        assertEquals(List.of("read-channel-owner"), stream.standIn.messagingGrants().get("user"));
        assertTrue(report.grantChanges().stream().noneMatch(change -> change.role().equals("user") || change.role().equals("guest")),
                report.grantChanges().toString());
    }

    @Test
    void reportListsEachChangeAsJson() {
        JsonNode json = setup.run(StandInClients.deadline()).toJson();

        assertTrue(json.get("changed").asBoolean());
        assertTrue(json.get("guest_user_creation_turned_off").asBoolean());
        JsonNode first = json.get("grants").get(0);
        assertEquals("video:default", first.get("scope").asText());
        assertEquals("user", first.get("role").asText());
        assertEquals("join-call", first.get("removed").get(0).asText());
    }

    @Test
    void streamFailingTheWriteFailsFastAndLeavesTheGrantsAsTheyWere() {
        Map<String, List<String>> before = stream.standIn.callTypeGrants();
        stream.standIn.failNext("UpdateCallType", Fault.internalError(), 100);

        long started = System.nanoTime();
        StreamException e = assertThrows(StreamException.class, () -> setup.run(StandInClients.deadline()));

        assertTrue(e.retriable());
        assertEquals("UpdateCallType", e.operation());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
        assertEquals(before, stream.standIn.callTypeGrants());
        assertTrue(stream.standIn.requests("UpdateChannelType").isEmpty());
    }

    @Test
    void rerunAfterAFailedWriteCompletesTheSetUp() {
        stream.standIn.failNext("UpdateChannelType", Fault.unavailable(), 100);
        assertThrows(StreamException.class, () -> setup.run(StandInClients.deadline()));
        stream.standIn.clearFaults();

        StreamAppSetupReport rerun = setup.run(StandInClients.deadline());

        assertEquals(List.of(new GrantChange("messaging", "user", List.of(), List.of("create-channel")),
                new GrantChange("messaging", "channel_member", List.of("create-channel"), List.of())), rerun.grantChanges());
        assertTrue(rerun.grantChanges().stream().allMatch(change -> change.scope().equals("messaging")));
        assertFalse(stream.standIn.messagingGrants().get("user").contains("create-channel"));
        assertTrue(stream.standIn.guestUserCreationDisabled());
    }

    @Test
    void rateLimitedReadIsRetriedAndTheSetUpCompletes() {
        stream.standIn.failNext("GetCallType", Fault.rateLimited(Duration.ofMillis(300)), 1);

        StreamAppSetupReport report = setup.run(StandInClients.deadline());

        assertTrue(report.changed());
        assertEquals(2, stream.standIn.requests("GetCallType").size());
    }

    @Test
    void streamNotAnsweringEndsAtTheDeadlineWithoutWriting() {
        stream.standIn.failNext("GetCallType", Fault.hang(), 10);

        long started = System.nanoTime();
        StreamException e = assertThrows(StreamException.class, () -> setup.run(Deadline.after(Duration.ofMillis(800))));

        assertTrue(e.retriable());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0);
        assertTrue(stream.standIn.requests("UpdateCallType").isEmpty());
        assertTrue(stream.standIn.callTypeGrants().get("user").contains("join-call"));
    }

    private static java.util.Set<String> iterableToSet(java.util.Iterator<String> names) {
        java.util.Set<String> set = new java.util.LinkedHashSet<>();
        names.forEachRemaining(set::add);
        return set;
    }
}
