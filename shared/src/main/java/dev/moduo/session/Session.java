package dev.moduo.session;

import java.time.Instant;
import java.util.List;
import org.bson.types.ObjectId;

/**
 * A session as stored. Users are referenced by Clerk id. The Stream-side bookkeeping
 * ({@code participantInStream}, {@code teardownPending}) records which steps of join and end reached
 * Stream, so a crash between steps leaves a state that a retry or the cleanup can finish.
 * {@code connectedUserIds} are the distinct users connected to the Stream call right now, sorted, as
 * Stream's participant webhooks told ({@link CallPresence}). A {@code recordable} session's call was made so that
 * its host may record it; {@code callDeleteNotBefore}, on a completed session whose teardown is owed, is when its
 * call may be hard-deleted at the earliest ({@link CallDeleteHold}: its recordings).
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
        List<String> connectedUserIds,
        boolean recordable,
        Instant callDeleteNotBefore) {

    public Session {
        connectedUserIds = List.copyOf(connectedUserIds);
    }

    /** A session nobody has been seen in the call of (a new one, or one from before presence was kept). */
    public Session(ObjectId id, String problemTitle, Difficulty difficulty, String hostId, String participantId,
                   SessionStatus status, String callId, Instant createdAt, Instant updatedAt, Instant lastActivityAt,
                   Instant endedAt, String endedReason, boolean participantInStream, boolean teardownPending) {
        this(id, problemTitle, difficulty, hostId, participantId, status, callId, createdAt, updatedAt, lastActivityAt,
                endedAt, endedReason, participantInStream, teardownPending, List.of(), false, null);
    }

    /** The same session, its call made recordable or not. */
    public Session withRecordable(boolean recordable) {
        return new Session(id, problemTitle, difficulty, hostId, participantId, status, callId, createdAt, updatedAt,
                lastActivityAt, endedAt, endedReason, participantInStream, teardownPending, connectedUserIds, recordable,
                callDeleteNotBefore);
    }

    /** The same session with its call's hard delete put off until {@code notBefore} (its teardown still owed). */
    public Session withCallDeleteHeld(Instant notBefore) {
        return new Session(id, problemTitle, difficulty, hostId, participantId, status, callId, createdAt, updatedAt,
                lastActivityAt, endedAt, endedReason, participantInStream, true, connectedUserIds, recordable, notBefore);
    }

    /** Its teardown is owed only because the call must outlive the session for a while, not because something failed. */
    public boolean teardownHeld() {
        return teardownPending && callDeleteNotBefore != null;
    }

    /** The same session once its Stream side is torn down. */
    public Session withTeardownDone() {
        return new Session(id, problemTitle, difficulty, hostId, participantId, status, callId, createdAt, updatedAt,
                lastActivityAt, endedAt, endedReason, participantInStream, false, connectedUserIds, recordable, null);
    }

    public boolean isVisible() {
        return status != SessionStatus.CREATING;
    }
}
