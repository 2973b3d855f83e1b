package dev.moduo.session;

import dev.moduo.core.Deadline;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
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
 *
 * <p>A call that was recorded is not hard-deleted with the session ({@link CallDeleteHold}): it is ended and its
 * channel deleted at once, and the cleanup deletes the call once its recordings no longer need it.
 */
@Singleton
public class SessionEnding {

    /** What became of a completed session's Stream side. */
    public enum Teardown {
        /** Call ended, call and channel deleted: nothing is owed. */
        DONE,
        /** Call ended and channel deleted; the call's delete waits for its recordings, and the cleanup does it. */
        HELD,
        /** Stream failed: the teardown stays owed, and the next cleanup run retries it. */
        OWED
    }

    private final SessionRepository sessions;
    private final SessionStreamResources stream;
    private final CallDeleteHold hold;
    private final CrashPoints crashPoints;
    private final Clock clock;

    public SessionEnding(SessionRepository sessions, SessionStreamResources stream, CallDeleteHold hold,
                         CrashPoints crashPoints, Clock clock) {
        this.sessions = sessions;
        this.stream = stream;
        this.hold = hold;
        this.crashPoints = crashPoints;
        this.clock = clock;
    }

    /**
     * Ends {@code session} if it is still active (for {@link EndReason#EXPIRED}: and still idle) and finishes its
     * Stream teardown within {@code deadline}. Answers the ended session, whose {@code teardownPending} says
     * whether the teardown is still owed ({@link Session#teardownHeld()}: only the call's delete, on purpose);
     * empty when this call did not end it: it was not active (any more).
     */
    public Optional<Session> end(Session session, EndReason reason, Deadline deadline) {
        if (session.status() != SessionStatus.ACTIVE) {
            return Optional.empty();
        }
        return tearDownCompleted(sessions.complete(session, reason, now()), reason, deadline);
    }

    /**
     * The host's end of session {@code id}, without reading it first; empty when {@code hostId} has no active
     * session {@code id} (the caller then reads it to say why).
     */
    public Optional<Session> endHostedBy(ObjectId id, String hostId, Deadline deadline) {
        return tearDownCompleted(sessions.completeHostedBy(id, hostId, EndReason.HOST, now()), EndReason.HOST, deadline);
    }

    private Optional<Session> tearDownCompleted(Optional<Session> completed, EndReason reason, Deadline deadline) {
        if (completed.isEmpty()) {
            return completed;
        }
        Metrics.count(Metric.SESSIONS_ENDED, reason.stored());
        crashPoints.reached(CrashPoints.END_COMPLETED);
        return Optional.of(tornDown(completed.get(), deadline));
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
     * Ends a completed session's Stream side, or as much of it as may go now. A 404 from Stream counts as done, so
     * a call Stream already ended or deleted is no obstacle.
     */
    public Teardown finishTeardown(Session session, Deadline deadline) {
        return tearDown(session, deadline).teardown();
    }

    private Session tornDown(Session completed, Deadline deadline) {
        TeardownResult result = tearDown(completed, deadline);
        return switch (result.teardown()) {
            case DONE -> completed.withTeardownDone();
            case HELD -> completed.withCallDeleteHeld(result.callDeleteNotBefore());
            case OWED -> completed;
        };
    }

    private TeardownResult tearDown(Session session, Deadline deadline) {
        try {
            Optional<Instant> notBefore = session.recordable() ? hold.holdUntil(session, now(), deadline) : Optional.empty();
            if (notBefore.isPresent()) {
                // A session held before already had its call ended and its channel deleted.
                if (!session.teardownHeld()) {
                    stream.endKeepingCall(session, deadline);
                }
                sessions.holdCallDelete(session.id(), notBefore.get());
                crashPoints.reached(CrashPoints.TEARDOWN_HELD);
                return new TeardownResult(Teardown.HELD, notBefore.get());
            }
            if (session.teardownHeld()) {
                stream.deleteKeptCall(session, deadline);
            } else {
                stream.tearDown(session, deadline);
            }
            sessions.markTeardownDone(session.id());
            crashPoints.reached(CrashPoints.TEARDOWN_DONE);
            return new TeardownResult(Teardown.DONE, null);
        } catch (StreamException | SecretReadException failure) {
            EventLog.event("SessionEnding", "Stream teardown deferred to cleanup", Json.object()
                    .put("sessionId", session.id().toHexString()).put("retriable", failure.retriable()));
            return new TeardownResult(Teardown.OWED, null);
        }
    }

    private record TeardownResult(Teardown teardown, Instant callDeleteNotBefore) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
