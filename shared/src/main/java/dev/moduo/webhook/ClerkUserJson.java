package dev.moduo.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Refusal;
import dev.moduo.user.ClerkProfile;
import dev.moduo.user.UserService;

/** Reads the part of Clerk's User JSON (the {@code data} of {@code user.created} / {@code user.updated}) that Moduo keeps. */
public final class ClerkUserJson {

    private ClerkUserJson() {
    }

    /**
     * @throws Refusal 400 when {@code id} or {@code updated_at} is missing
     */
    public static ClerkProfile parse(JsonNode data) {
        String id = text(data.path("id"));
        if (id == null) {
            throw Refusal.badInput("data.id is required");
        }
        JsonNode updatedAt = data.path("updated_at");
        if (!updatedAt.isIntegralNumber() || !updatedAt.canConvertToLong()) {
            throw Refusal.badInput("data.updated_at must be a number of milliseconds");
        }
        String email = primaryEmail(data);
        return new ClerkProfile(id, name(data), email, image(data), updatedAt.longValue());
    }

    /**
     * First and last name; else the username; else a placeholder. Never a part of the e-mail address: the name is
     * shown to the other person in the session, the address is not theirs to see.
     */
    static String name(JsonNode data) {
        String first = text(data.path("first_name"));
        String last = text(data.path("last_name"));
        if (first != null || last != null) {
            return ((first == null ? "" : first.strip()) + " " + (last == null ? "" : last.strip())).strip();
        }
        String username = text(data.path("username"));
        if (username != null) {
            return username.strip();
        }
        return UserService.PLACEHOLDER_NAME;
    }

    /** The address whose id is {@code primary_email_address_id}, as Clerk's own guides find it; null if none. */
    static String primaryEmail(JsonNode data) {
        String primaryId = text(data.path("primary_email_address_id"));
        if (primaryId == null) {
            return null;
        }
        for (JsonNode address : data.path("email_addresses")) {
            if (primaryId.equals(text(address.path("id")))) {
                return text(address.path("email_address"));
            }
        }
        return null;
    }

    /** {@code image_url}; older payloads also carry the deprecated {@code profile_image_url}. */
    static String image(JsonNode data) {
        String image = text(data.path("image_url"));
        if (image == null) {
            image = text(data.path("profile_image_url"));
        }
        return image == null ? "" : image;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }
}
