package dev.moduo.session;

import java.time.Instant;
import java.util.List;
import org.bson.types.ObjectId;

/**
 * A session as stored. Users are referenced by Clerk id. The Stream-side bookkeeping
 * ({@code participantInStream}, {@code teardownPending}) records which steps of join and end reached
 * Stream, so a crash between steps leaves a state that a retry or the cleanup can finish.
 * {@code connectedUserIds} are the distinct users connected to the Stream call right now, sorted, as
 * Stream's participant webhooks told ({@link CallPresence}).
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
        boolean teardownPending,
        List<String> connectedUserIds) {

    public Session {
        connectedUserIds = List.copyOf(connectedUserIds);
    }

    /** A session nobody has been seen in the call of (a new one, or one from before presence was kept). */
    public Session(ObjectId id, String problemTitle, Difficulty difficulty, String hostId, String participantId,
                   SessionStatus status, String callId, Instant createdAt, Instant updatedAt, Instant lastActivityAt,
                   Instant endedAt, String endedReason, boolean participantInStream, boolean teardownPending) {
        this(id, problemTitle, difficulty, hostId, participantId, status, callId, createdAt, updatedAt, lastActivityAt,
                endedAt, endedReason, participantInStream, teardownPending, List.of());
    }

    /** The same session once its Stream side is torn down. */
    public Session withTeardownDone() {
        return new Session(id, problemTitle, difficulty, hostId, participantId, status, callId, createdAt, updatedAt,
                lastActivityAt, endedAt, endedReason, participantInStream, false, connectedUserIds);
    }

    public boolean isVisible() {
        return status != SessionStatus.CREATING;
    }
}
