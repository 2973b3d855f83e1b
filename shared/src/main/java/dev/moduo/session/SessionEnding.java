package dev.moduo.session;

import dev.moduo.core.Deadline;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.secrets.SecretReadException;
import dev.moduo.stream.StreamException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * The one way a session ends, whoever ends it (the host, the cleanup, Stream, the host's account deletion):
 * completed in MongoDB first, with its Stream teardown owed, so that it is ended for both users whatever
 * Stream does; then the call is ended for everyone and call and channel are hard-deleted. A teardown that
 * fails stays owed, and the scheduled cleanup finishes it.
 */
@Singleton
public class SessionEnding {

    private final SessionRepository sessions;
    private final SessionStreamResources stream;
    private final CrashPoints crashPoints;
    private final Clock clock;

    public SessionEnding(SessionRepository sessions, SessionStreamResources stream, CrashPoints crashPoints, Clock clock) {
        this.sessions = sessions;
        this.stream = stream;
        this.crashPoints = crashPoints;
        this.clock = clock;
    }

    /**
     * Ends {@code session} if it is still active (for {@link EndReason#EXPIRED}: and still idle) and finishes its
     * Stream teardown within {@code deadline}. Answers the ended session, whose {@code teardownPending} says
     * whether the teardown is still owed; empty when this call did not end it: it was not active (any more).
     */
    public Optional<Session> end(Session session, EndReason reason, Deadline deadline) {
        if (session.status() != SessionStatus.ACTIVE) {
            return Optional.empty();
        }
        return tearDownCompleted(sessions.complete(session, reason, now()), deadline);
    }

    /**
     * The host's end of session {@code id}, without reading it first; empty when {@code hostId} has no active
     * session {@code id} (the caller then reads it to say why).
     */
    public Optional<Session> endHostedBy(ObjectId id, String hostId, Deadline deadline) {
        return tearDownCompleted(sessions.completeHostedBy(id, hostId, EndReason.HOST, now()), deadline);
    }

    private Optional<Session> tearDownCompleted(Optional<Session> completed, Deadline deadline) {
        if (completed.isEmpty()) {
            return completed;
        }
        crashPoints.reached(CrashPoints.END_COMPLETED);
        return Optional.of(finishTeardown(completed.get(), deadline) ? completed.get().withTeardownDone() : completed.get());
    }

    /** Ends every active session {@code hostId} runs; answers how many this call ended. */
    public int endAllHostedBy(String hostId, EndReason reason, Deadline deadline) {
        int ended = 0;
        for (Session session : sessions.listActiveHostedBy(hostId)) {
            if (end(session, reason, deadline).isPresent()) {
                ended++;
            }
        }
        return ended;
    }

    /**
     * Ends a completed session's Stream side; true when nothing is owed any more. A 404 from Stream counts as
     * done, so a call Stream already ended or deleted is no obstacle.
     */
    public boolean finishTeardown(Session session, Deadline deadline) {
        try {
            stream.tearDown(session, deadline);
            sessions.markTeardownDone(session.id());
            crashPoints.reached(CrashPoints.TEARDOWN_DONE);
            return true;
        } catch (StreamException | SecretReadException failure) {
            EventLog.event("SessionEnding", "Stream teardown deferred to cleanup", Json.object()
                    .put("sessionId", session.id().toHexString()).put("retriable", failure.retriable()));
            return false;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
