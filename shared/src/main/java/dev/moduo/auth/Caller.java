package dev.moduo.auth;

/**
 * The authenticated user of a request, from a verified Clerk session token.
 * {@code userId} is the token's {@code sub} (the Clerk user id, also the Stream user id).
 * {@code name}, {@code imageUrl} and {@code email} are present only when the Clerk instance adds
 * them to its session token (custom claims); they seed a user record the webhook has not written yet.
 */
public record Caller(String userId, String sessionId, String name, String imageUrl, String email) {
}
