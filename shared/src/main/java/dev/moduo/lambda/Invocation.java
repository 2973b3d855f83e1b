package dev.moduo.lambda;

import dev.moduo.core.Deadline;

/** What a handler knows about the invocation it serves: its deadline, its id, and who called. */
public final class Invocation {

    private final String requestId;
    private final Deadline deadline;
    private String userId;

    public Invocation(String requestId, Deadline deadline) {
        this.requestId = requestId;
        this.deadline = deadline;
    }

    public String requestId() {
        return requestId;
    }

    public Deadline deadline() {
        return deadline;
    }

    public String userId() {
        return userId;
    }

    /** Records the authenticated caller for the invocation's log line. */
    public void userId(String userId) {
        this.userId = userId;
    }
}
