package dev.moduo.stream.testing;

/** One connected session of a user in a call. */
public record StandInParticipant(String userId, String sessionId) {
}
