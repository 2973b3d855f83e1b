package dev.moduo.session;

import java.time.Instant;
import org.bson.types.ObjectId;

/**
 * A session as stored. Users are referenced by Clerk id. The Stream-side bookkeeping
 * ({@code participantInStream}, {@code teardownPending}) records which steps of join and end reached
 * Stream, so a crash between steps leaves a state that a retry or the cleanup can finish.
 */
public record Session(
        ObjectId id,
        String problemTitle,
        Difficulty difficulty,
        String hostId,
        String participantId,
        SessionStatus status,
        String callId,
        Instant createdAt,
        Instant updatedAt,
        Instant lastActivityAt,
        Instant endedAt,
        String endedReason,
        boolean participantInStream,
        boolean teardownPending) {

    public boolean isVisible() {
        return status != SessionStatus.CREATING;
    }
}
