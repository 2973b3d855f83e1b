package dev.moduo.session;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a completed session's call must outlive the session for a while: a hard delete wipes the call's
 * recordings with it (stream-permissions-recording.md §5), so a call whose recordings are still being written, or
 * are kept in Stream's storage, is ended at once but deleted only later ({@link SessionEnding}). Implemented where
 * recordings are known ({@code dev.moduo.recording}); the session rules only ask.
 */
public interface CallDeleteHold {

    /** When the call may be hard-deleted at the earliest; empty when it may be deleted now. */
    Optional<Instant> holdUntil(Session session, Instant now);
}
