package dev.moduo.session;

/**
 * Where a session is in its life. {@code CREATING} exists only in MongoDB, while its Stream call and
 * channel are being made: such a session is never listed, shown or joinable, and the scheduled
 * cleanup finishes or removes it if its create never completed.
 */
public enum SessionStatus {
    CREATING("creating"), ACTIVE("active"), COMPLETED("completed");

    private final String stored;

    SessionStatus(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }

    public static SessionStatus fromStored(String value) {
        for (SessionStatus status : values()) {
            if (status.stored.equals(value)) {
                return status;
            }
        }
        throw new IllegalStateException("Unknown session status in the database: " + value);
    }
}
