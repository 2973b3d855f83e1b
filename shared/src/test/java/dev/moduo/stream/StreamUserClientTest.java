package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import dev.moduo.stream.testing.StandInUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamUserClientTest {

    private StandInClients stream;

    @BeforeEach
    void start() {
        stream = new StandInClients();
    }

    @AfterEach
    void stop() {
        assertEquals(List.of(), stream.standIn.violations());
        stream.close();
    }

    @Test
    void upsertUsersSendsUsersKeyedByIdWithoutNullFields() throws Exception {
        stream.users.upsertUsers(List.of(new StreamUser("u1", "Ada", "https://img/ada.png"), new StreamUser("u2", null, null)),
                StandInClients.deadline());

        assertEquals(new StandInUser("u1", "Ada", "https://img/ada.png", "user", Map.of()), stream.standIn.user("u1").orElseThrow());
        assertEquals(new StandInUser("u2", null, null, "user", Map.of()), stream.standIn.user("u2").orElseThrow());
        assertEquals(Json.read("""
                {"users": {"u1": {"id": "u1", "name": "Ada", "image": "https://img/ada.png"},
                           "u2": {"id": "u2"}}}
                """), stream.standIn.requests("UpdateUsers").get(0).body());
    }

    @Test
    void upsertUsersReplacesTheWholeUser() {
        stream.users.upsertUsers(List.of(new StreamUser("u1", "Ada", "https://img/ada.png")), StandInClients.deadline());

        stream.users.upsertUsers(List.of(new StreamUser("u1", "Ada L.", null)), StandInClients.deadline());

        assertEquals(new StandInUser("u1", "Ada L.", null, "user", Map.of()), stream.standIn.user("u1").orElseThrow());
    }

    @Test
    void upsertUsersSendsAtMostOneHundredUsersPerRequest() {
        List<StreamUser> users = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            users.add(new StreamUser("u" + i, "User " + i, null));
        }

        stream.users.upsertUsers(users, StandInClients.deadline());

        List<Integer> batchSizes = stream.standIn.requests("UpdateUsers").stream()
                .map(request -> request.body().get("users").size()).toList();
        assertEquals(List.of(100, 50), batchSizes);
        assertEquals(150, stream.standIn.users().size());
    }

    @Test
    void upsertUsersOfNoUsersSendsNothing() {
        stream.users.upsertUsers(List.of(), StandInClients.deadline());

        assertEquals(List.of(), stream.standIn.requests());
    }

    @Test
    void deleteUsersHardDeletesUsersAndWhatTheyLeft() throws Exception {
        stream.users.upsertUsers(List.of(new StreamUser("u1", "Ada", null), new StreamUser("u2", "Bob", null),
                new StreamUser("u3", "Cy", null)), StandInClients.deadline());
        stream.video.getOrCreateCall("c1", "u1", List.of("u2"), Map.of(), false, StandInClients.deadline());
        stream.video.getOrCreateCall("c2", "u2", List.of("u3"), Map.of(), false, StandInClients.deadline());

        stream.users.deleteUsers(List.of("u1"), StandInClients.deadline());

        assertFalse(stream.standIn.user("u1").isPresent());
        assertTrue(stream.standIn.user("u2").isPresent());
        assertTrue(stream.standIn.call("c1").orElseThrow().hardDeleted());
        assertFalse(stream.standIn.call("c2").orElseThrow().deleted());
        JsonNode body = stream.standIn.requests("DeleteUsers").get(0).body();
        assertEquals(Json.read("""
                {"user_ids": ["u1"], "user": "hard", "messages": "hard", "conversations": "hard", "calls": "hard"}
                """), body);
    }
}
