package dev.moduo.session;

import dev.moduo.core.Deadline;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserService;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The Stream side of a join, which a join and the cleanup both finish the same way once the participant holds
 * the seat: the participant as a Stream user, a member of the channel and of the call, then recorded. Every
 * step may be repeated, since a crash may have come after any of them.
 */
@Singleton
public class SessionMembership {

    private final SessionRepository sessions;
    private final SessionStreamResources stream;
    private final UserService users;
    private final CrashPoints crashPoints;

    public SessionMembership(SessionRepository sessions, SessionStreamResources stream, UserService users,
                             CrashPoints crashPoints) {
        this.sessions = sessions;
        this.stream = stream;
        this.users = users;
        this.crashPoints = crashPoints;
    }

    /** Makes {@code participant}, who holds {@code session}'s seat, a member of its channel and call. */
    public void finishJoin(Session session, UserProfile participant, Deadline deadline) {
        users.ensureInStream(List.of(participant), deadline);
        crashPoints.reached(CrashPoints.JOIN_USER_IN_STREAM);
        stream.addParticipant(session, participant.clerkId(), deadline);
        sessions.markParticipantInStream(session.id(), participant.clerkId());
        Metrics.count(Metric.SESSIONS_JOINED);
        crashPoints.reached(CrashPoints.JOIN_RECORDED);
    }
}
