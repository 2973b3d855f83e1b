package dev.moduo.session;

import dev.moduo.core.Deadline;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a completed session's call must outlive the session for a while: a hard delete wipes the call's
 * recordings with it (stream-permissions-recording.md §5), so a recordable session's call is ended at once but
 * deleted only once its recordings no longer need it ({@link SessionEnding}). Implemented where recordings are
 * known ({@code dev.moduo.recording}); the session rules only ask.
 */
public interface CallDeleteHold {

    /**
     * When the call may be hard-deleted at the earliest; empty when it may be deleted now. May ask Stream (within
     * {@code deadline}) what it keeps of the call.
     *
     * @throws dev.moduo.stream.StreamException when Stream could not say: the delete waits for the next try
     */
    Optional<Instant> holdUntil(Session session, Instant now, Deadline deadline);
}
