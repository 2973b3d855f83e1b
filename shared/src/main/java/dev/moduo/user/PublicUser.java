package dev.moduo.user;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user as other users see it inside a session: no e-mail address (the Express backend leaked it).
 * A user whose account was deleted is shown with a placeholder and a null id.
 */
public record PublicUser(
        @JsonProperty("_id") String id,
        @JsonProperty("clerkId") String clerkId,
        @JsonProperty("name") String name,
        @JsonProperty("profileImageUrl") String profileImageUrl) {

    public static final String DELETED_NAME = "Deleted user";

    public static PublicUser of(UserProfile profile) {
        return new PublicUser(profile.id().toHexString(), profile.clerkId(), profile.name(),
                profile.profileImageUrl() == null ? "" : profile.profileImageUrl());
    }

    public static PublicUser deleted(String clerkId) {
        return new PublicUser(null, clerkId, DELETED_NAME, "");
    }
}
