package dev.moduo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.http.ErrorMapper;
import dev.moduo.user.ClerkProfile;
import dev.moduo.user.UserService;
import org.junit.jupiter.api.Test;

class ClerkUserJsonTest {

    private static ObjectNode data() {
        ObjectNode data = Json.object().put("id", "user_29w83sxmDNGwOuEthce5gg56FcC").put("updated_at", 1654012591835L);
        data.put("primary_email_address_id", "idn_primary");
        data.putArray("email_addresses")
                .add(Json.object().put("id", "idn_other").put("email_address", "other@example.org"))
                .add(Json.object().put("id", "idn_primary").put("email_address", "grace.hopper@example.org"));
        return data;
    }

    @Test
    void nameIsFirstAndLastName() {
        ObjectNode data = data().put("first_name", "Grace").put("last_name", "Hopper").put("username", "ghopper");
        assertEquals("Grace Hopper", ClerkUserJson.parse(data).name());
    }

    @Test
    void eitherHalfOfTheNameIsEnough() {
        assertEquals("Grace", ClerkUserJson.parse(data().put("first_name", "Grace").putNull("last_name")).name());
        assertEquals("Hopper", ClerkUserJson.parse(data().putNull("first_name").put("last_name", " Hopper ")).name());
    }

    @Test
    void withoutANameTheUsernameIsUsed() {
        ObjectNode data = data().putNull("first_name").put("last_name", "  ").put("username", "ghopper");
        assertEquals("ghopper", ClerkUserJson.parse(data).name());
    }

    @Test
    void withoutNameOrUsernameTheUserIsShownAsModuoUserNeverByTheirAddress() {
        ObjectNode data = data().putNull("first_name").putNull("last_name").putNull("username");
        assertEquals("Moduo user", ClerkUserJson.parse(data).name());
    }

    @Test
    void withNothingAtAllThePlaceholderIsUsed() {
        ObjectNode data = Json.object().put("id", "user_1").put("updated_at", 1L);
        assertEquals(UserService.PLACEHOLDER_NAME, ClerkUserJson.parse(data).name());
    }

    @Test
    void emailIsThePrimaryAddressNotTheFirst() {
        assertEquals("grace.hopper@example.org", ClerkUserJson.parse(data()).email());
    }

    @Test
    void emailIsNullWhenThePrimaryIdMatchesNoAddress() {
        assertNull(ClerkUserJson.parse(data().put("primary_email_address_id", "idn_gone")).email());
        assertNull(ClerkUserJson.parse(data().putNull("primary_email_address_id")).email());
    }

    @Test
    void imageIsImageUrlElseTheOlderProfileImageUrlElseEmpty() {
        assertEquals("https://img.clerk.com/a", ClerkUserJson.parse(data()
                .put("image_url", "https://img.clerk.com/a").put("profile_image_url", "https://images.clerk.dev/b")).imageUrl());
        assertEquals("https://images.clerk.dev/b", ClerkUserJson.parse(data()
                .putNull("image_url").put("profile_image_url", "https://images.clerk.dev/b")).imageUrl());
        assertEquals("", ClerkUserJson.parse(data()).imageUrl());
    }

    @Test
    void idAndUpdatedAtAreKept() {
        ClerkProfile user = ClerkUserJson.parse(data());
        assertEquals("user_29w83sxmDNGwOuEthce5gg56FcC", user.id());
        assertEquals(1654012591835L, user.updatedAt());
    }

    @Test
    void missingIdIsABadRequest() {
        Refusal failure = assertThrows(Refusal.class, () -> ClerkUserJson.parse(data().putNull("id")));
        assertEquals(400, ErrorMapper.status(failure.kind()));
        assertEquals("data.id is required", failure.getMessage());
    }

    @Test
    void missingOrTextualUpdatedAtIsABadRequest() {
        assertEquals(400, ErrorMapper.status(assertThrows(Refusal.class, () -> ClerkUserJson.parse(data().putNull("updated_at"))).kind()));
        assertEquals(400, ErrorMapper.status(assertThrows(Refusal.class,
                () -> ClerkUserJson.parse(data().put("updated_at", "1654012591835"))).kind()));
    }
}
