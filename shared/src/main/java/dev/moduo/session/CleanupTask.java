package dev.moduo.session;

import java.time.Duration;

/**
 * The kinds of work the scheduled cleanup looks for, in the order it looks: unfinished work first (it is
 * what users can notice), stale sessions last. Each is a state a crash or a failure leaves behind; which
 * documents are in it is {@link SessionRepository}'s to say.
 */
public enum CleanupTask {

    /** A create that died or failed before its session became active: its Stream side may exist. */
    ABANDONED_CREATE,
    /** An end (by the host, by Stream, by the cleanup) whose Stream call and channel may still exist. */
    OWED_TEARDOWN,
    /** A join whose participant got the seat but whose Stream membership did not finish. */
    UNFINISHED_JOIN,
    /** An active session nobody has used for the cleanup's {@code STALE_SESSION_AFTER}. */
    IDLE;

    /** Lambda's maximum timeout: no create can still be running after it. */
    public static final Duration LONGEST_LAMBDA = Duration.ofMinutes(15);
}
