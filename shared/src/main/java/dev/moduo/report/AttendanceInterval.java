package dev.moduo.report;

import java.time.Instant;

/**
 * One connection of one user to a session's call, as Stream's {@code call.session_participant_joined} /
 * {@code _left} webhooks told: a reconnect is a new {@code userSessionId}, so a new interval. Either end
 * is null when Stream has not (yet) said it.
 */
public record AttendanceInterval(String userId, String userSessionId, Instant joinedAt, Instant leftAt) {
}
