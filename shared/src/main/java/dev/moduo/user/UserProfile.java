package dev.moduo.user;

import java.time.Instant;
import org.bson.types.ObjectId;

/**
 * A Moduo user: the Clerk id is the identity (and the Stream user id); the rest is display data.
 * {@code clerkUpdatedAt} is Clerk's own {@code updated_at} of the last webhook applied, so an older
 * event never overwrites a newer one; it is null while the record only comes from a session token.
 * {@code id} is null for a profile that could not be stored ({@link UserRepository#findOrCreate}).
 */
public record UserProfile(
        ObjectId id,
        String clerkId,
        String name,
        String email,
        String profileImageUrl,
        Instant createdAt,
        Instant updatedAt,
        Long clerkUpdatedAt,
        Instant streamSyncedAt) {

    /** Stream has this user's current name and image. */
    public boolean isSyncedToStream() {
        return streamSyncedAt != null && (updatedAt == null || !streamSyncedAt.isBefore(updatedAt));
    }
}
