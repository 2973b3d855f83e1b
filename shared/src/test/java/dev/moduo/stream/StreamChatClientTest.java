package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.core.Json;
import dev.moduo.stream.testing.RecordedRequest;
import dev.moduo.stream.testing.StandInChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamChatClientTest {

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
    void getOrCreateChannelCreatesChannelWithCreatorMembersAndName() throws Exception {
        stream.chat.getOrCreateChannel("ch1", "host", "Interview", List.of("guest"), StandInClients.deadline());

        StandInChannel channel = stream.standIn.channel("ch1").orElseThrow();
        assertEquals("host", channel.createdById());
        assertEquals(List.of("host", "guest"), channel.members());
        assertEquals("Interview", channel.name());
        assertEquals(Json.read("""
                {"data": {"created_by_id": "host",
                          "members": [{"user_id": "host"}, {"user_id": "guest"}],
                          "custom": {"name": "Interview"}}}
                """), stream.standIn.requests("GetOrCreateChannel").get(0).body());
    }

    @Test
    void getOrCreateChannelWithoutNameSendsEmptyCustom() {
        stream.chat.getOrCreateChannel("ch1", "host", null, List.of(), StandInClients.deadline());

        assertNull(stream.standIn.channel("ch1").orElseThrow().name());
        assertEquals(Json.object(), stream.standIn.requests("GetOrCreateChannel").get(0).body().get("data").get("custom"));
    }

    @Test
    void getOrCreateChannelWithUnknownMemberIsRejectedWithoutRetry() {
        StreamException e = assertThrows(StreamException.class, () ->
                stream.chat.getOrCreateChannel("ch1", "host", "x", List.of("stranger"), StandInClients.deadline()));

        assertEquals(502, e.status());
        assertEquals(4, e.streamCode());
        assertTrue(e.streamMessage().contains("don't exist: [stranger]"), e.streamMessage());
        assertEquals(1, stream.standIn.requests().size());
    }

    @Test
    void addChannelMembersAddsUsersToTheChannel() throws Exception {
        stream.standIn.seedUser("observer", null, null);
        stream.chat.getOrCreateChannel("ch1", "host", "Interview", List.of(), StandInClients.deadline());

        stream.chat.addChannelMembers("ch1", List.of("guest", "observer"), StandInClients.deadline());

        assertEquals(List.of("host", "guest", "observer"), stream.standIn.channel("ch1").orElseThrow().members());
        assertEquals("Interview", stream.standIn.channel("ch1").orElseThrow().name());
        assertEquals(Json.read("{\"add_members\": [{\"user_id\": \"guest\"}, {\"user_id\": \"observer\"}]}"),
                stream.standIn.requests("UpdateChannel").get(0).body());
    }

    @Test
    void addChannelMembersToUnknownChannelIsRejected() {
        StreamException e = assertThrows(StreamException.class, () ->
                stream.chat.addChannelMembers("nope", List.of("guest"), StandInClients.deadline()));

        assertEquals(502, e.status());
        assertTrue(e.isNotFound());
        assertEquals(16, e.streamCode());
    }

    @Test
    void deleteChannelHardDeletesWithQueryParameterAndNoBody() {
        stream.chat.getOrCreateChannel("ch1", "host", "Interview", List.of("guest"), StandInClients.deadline());

        stream.chat.deleteChannel("ch1", StandInClients.deadline());

        assertTrue(stream.standIn.channel("ch1").isEmpty());
        RecordedRequest request = stream.standIn.requests("DeleteChannel").get(0);
        assertEquals("DELETE", request.method());
        assertEquals(Map.of("api_key", stream.standIn.apiKey(), "hard_delete", "true"), request.query());
        assertNull(request.rawBody());
    }

    @Test
    void deleteChannelOnUnknownChannelCountsAsDone() {
        stream.chat.deleteChannel("never-existed", StandInClients.deadline());

        assertEquals(1, stream.standIn.requests("DeleteChannel").size());
    }
}
