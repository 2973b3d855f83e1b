package dev.moduo.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import dev.moduo.http.ApiException;
import org.junit.jupiter.api.Test;

class ClerkUserTest {

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
        assertEquals("Grace Hopper", ClerkUser.from(data).name());
    }

    @Test
    void eitherHalfOfTheNameIsEnough() {
        assertEquals("Grace", ClerkUser.from(data().put("first_name", "Grace").putNull("last_name")).name());
        assertEquals("Hopper", ClerkUser.from(data().putNull("first_name").put("last_name", " Hopper ")).name());
    }

    @Test
    void withoutANameTheUsernameIsUsed() {
        ObjectNode data = data().putNull("first_name").put("last_name", "  ").put("username", "ghopper");
        assertEquals("ghopper", ClerkUser.from(data).name());
    }

    @Test
    void withoutNameOrUsernameThePrimaryAddressLocalPartIsUsed() {
        ObjectNode data = data().putNull("first_name").putNull("last_name").putNull("username");
        assertEquals("grace.hopper", ClerkUser.from(data).name());
    }

    @Test
    void withNothingAtAllThePlaceholderIsUsed() {
        ObjectNode data = Json.object().put("id", "user_1").put("updated_at", 1L);
        assertEquals(UserService.PLACEHOLDER_NAME, ClerkUser.from(data).name());
    }

    @Test
    void emailIsThePrimaryAddressNotTheFirst() {
        assertEquals("grace.hopper@example.org", ClerkUser.from(data()).email());
    }

    @Test
    void emailIsNullWhenThePrimaryIdMatchesNoAddress() {
        assertNull(ClerkUser.from(data().put("primary_email_address_id", "idn_gone")).email());
        assertNull(ClerkUser.from(data().putNull("primary_email_address_id")).email());
    }

    @Test
    void imageIsImageUrlElseTheOlderProfileImageUrlElseEmpty() {
        assertEquals("https://img.clerk.com/a", ClerkUser.from(data()
                .put("image_url", "https://img.clerk.com/a").put("profile_image_url", "https://images.clerk.dev/b")).imageUrl());
        assertEquals("https://images.clerk.dev/b", ClerkUser.from(data()
                .putNull("image_url").put("profile_image_url", "https://images.clerk.dev/b")).imageUrl());
        assertEquals("", ClerkUser.from(data()).imageUrl());
    }

    @Test
    void idAndUpdatedAtAreKept() {
        ClerkUser user = ClerkUser.from(data());
        assertEquals("user_29w83sxmDNGwOuEthce5gg56FcC", user.id());
        assertEquals(1654012591835L, user.updatedAt());
    }

    @Test
    void missingIdIsABadRequest() {
        ApiException failure = assertThrows(ApiException.class, () -> ClerkUser.from(data().putNull("id")));
        assertEquals(400, failure.status());
        assertEquals("data.id is required", failure.getMessage());
    }

    @Test
    void missingOrTextualUpdatedAtIsABadRequest() {
        assertEquals(400, assertThrows(ApiException.class, () -> ClerkUser.from(data().putNull("updated_at"))).status());
        assertEquals(400, assertThrows(ApiException.class,
                () -> ClerkUser.from(data().put("updated_at", "1654012591835"))).status());
    }
}
