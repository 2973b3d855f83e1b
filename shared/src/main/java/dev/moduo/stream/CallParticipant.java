package dev.moduo.stream;

/** Someone connected to a call right now; one user may have several sessions (two tabs, a reconnect). */
public record CallParticipant(String userId, String userSessionId) {
}
