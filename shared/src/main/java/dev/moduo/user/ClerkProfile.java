package dev.moduo.user;

/**
 * A user's profile as Clerk last sent it. {@code updatedAt} is Clerk's {@code updated_at} in milliseconds:
 * it orders two events about one user, which Svix may deliver in any order.
 */
public record ClerkProfile(String id, String name, String email, String imageUrl, long updatedAt) {
}
