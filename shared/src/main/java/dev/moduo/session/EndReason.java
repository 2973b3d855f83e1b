package dev.moduo.session;

/** Why a session ended, as stored in {@code endedReason} and shown to both users. */
public enum EndReason {
    /** The host ended it. */
    HOST("host"),
    /** Nobody used it for the cleanup's {@code STALE_SESSION_AFTER} and nobody was in its call. */
    EXPIRED("expired"),
    /** Stream ended or deleted the call itself (e.g. its maximum duration). */
    STREAM("stream"),
    /** The host's Clerk account was deleted. */
    HOST_DELETED("host-deleted");

    private final String stored;

    EndReason(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }

    /** Only a session still idle expires: a join or a participant event after the cleanup looked keeps it. */
    boolean onlyIfIdle() {
        return this == EXPIRED;
    }
}
