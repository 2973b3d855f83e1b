package dev.moduo.session;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Consumer;

/**
 * The points between the steps of create, join, end and the cleanup, by name. A Lambda can die at
 * any of them; the session document records enough for the cleanup to finish from each one.
 *
 * <p>In production nobody listens and passing a point costs one volatile read. Fault-injection tests
 * listen to make the work die there (an {@link Error}, which no business code catches) or to stop
 * MongoDB there, then check that the cleanup converges.
 */
@Singleton
public class CrashPoints {

    public static final String CREATE_RECORDED = "create.recorded";
    public static final String CREATE_HOST_IN_STREAM = "create.hostInStream";
    public static final String CREATE_CALL_MADE = "create.callMade";
    public static final String CREATE_CHANNEL_MADE = "create.channelMade";
    public static final String CREATE_ACTIVATED = "create.activated";
    public static final String ROLLBACK_CALL_DELETED = "rollback.callDeleted";
    public static final String ROLLBACK_STREAM_REMOVED = "rollback.streamRemoved";
    public static final String ROLLBACK_DELETED = "rollback.deleted";
    public static final String JOIN_CLAIMED = "join.claimed";
    public static final String JOIN_USER_IN_STREAM = "join.userInStream";
    public static final String JOIN_CHANNEL_MEMBER = "join.channelMember";
    public static final String JOIN_CALL_MEMBER = "join.callMember";
    public static final String JOIN_RECORDED = "join.recorded";
    public static final String END_COMPLETED = "end.completed";
    public static final String TEARDOWN_CALL_ENDED = "teardown.callEnded";
    public static final String TEARDOWN_CALL_DELETED = "teardown.callDeleted";
    public static final String TEARDOWN_CHANNEL_DELETED = "teardown.channelDeleted";
    public static final String TEARDOWN_DONE = "teardown.done";
    /** The call was ended and its channel deleted; its delete waits for its recordings. */
    public static final String TEARDOWN_HELD = "teardown.held";
    public static final String CLEANUP_CLAIMED = "cleanup.claimed";

    /** Create's points in the order a successful create passes them. */
    public static final List<String> CREATE = List.of(CREATE_RECORDED, CREATE_HOST_IN_STREAM, CREATE_CALL_MADE,
            CREATE_CHANNEL_MADE, CREATE_ACTIVATED);
    /** The points of a create that failed at Stream and removes what it made. */
    public static final List<String> ROLLBACK = List.of(ROLLBACK_CALL_DELETED, ROLLBACK_STREAM_REMOVED, ROLLBACK_DELETED);
    public static final List<String> JOIN = List.of(JOIN_CLAIMED, JOIN_USER_IN_STREAM, JOIN_CHANNEL_MEMBER,
            JOIN_CALL_MEMBER, JOIN_RECORDED);
    public static final List<String> END = List.of(END_COMPLETED, TEARDOWN_CALL_ENDED, TEARDOWN_CALL_DELETED,
            TEARDOWN_CHANNEL_DELETED, TEARDOWN_DONE);
    /** The end of a session whose call keeps its recordings: the call's delete is left to the cleanup. */
    public static final List<String> RECORDED_END = List.of(END_COMPLETED, TEARDOWN_CALL_ENDED, TEARDOWN_CHANNEL_DELETED,
            TEARDOWN_HELD);

    private volatile Consumer<String> listener;

    /** Called by the work as it passes a point. */
    public void reached(String step) {
        Consumer<String> current = listener;
        if (current != null) {
            current.accept(step);
        }
    }

    /** For tests: {@code listener} is told of every point passed from now on, on the working thread. */
    public void listen(Consumer<String> listener) {
        this.listener = listener;
    }

    public void stopListening() {
        this.listener = null;
    }
}
