package dev.moduo.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.auth.Caller;
import dev.moduo.core.Deadline;
import dev.moduo.http.ApiException;
import dev.moduo.http.ErrorMapper;
import dev.moduo.http.UpstreamException;
import dev.moduo.lambda.InvocationLog;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.types.ObjectId;

/** The session rules of the contract: create, show, list, join, end. */
@Singleton
public class SessionService {

    public static final String ENDED_BY_HOST = "host";
    public static final String CREATE_TIMED_OUT = "The session could not be set up in time, please retry";
    /** Kept back from a create's Stream steps so that a failed create can still remove what it made. */
    private static final Duration ROLLBACK_RESERVE = Duration.ofMillis(2_500);
    /** Kept back from join's and end's Stream steps for the MongoDB write and the answer that follow them. */
    private static final Duration ANSWER_RESERVE = Duration.ofMillis(1_000);
    /**
     * How long a create's lease outlasts its deadline: enough for its last MongoDB write, and less
     * than what the request handler keeps back from the Lambda timeout, so the lease never outlives
     * the function.
     */
    static final Duration CREATE_LEASE_GRACE = Duration.ofMillis(500);

    private final SessionRepository sessions;
    private final SessionLeases leases;
    private final SessionStream stream;
    private final UserService users;
    private final SessionPresenter presenter;
    private final SessionSteps steps;
    private final SessionIds ids;
    private final Clock clock;

    public SessionService(SessionRepository sessions, SessionLeases leases, SessionStream stream, UserService users,
                          SessionPresenter presenter, SessionSteps steps, SessionIds ids, Clock clock) {
        this.sessions = sessions;
        this.leases = leases;
        this.stream = stream;
        this.users = users;
        this.presenter = presenter;
        this.steps = steps;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Records the session as {@code creating}, makes its Stream call and channel, then makes it active.
     * The document exists, held by this create's lease, before anything is made in Stream, and becomes
     * active only once everything is: a crash anywhere leaves a {@code creating} session (never listed)
     * that the cleanup rolls back when the lease has run out.
     * If Stream fails, what was made is removed before answering; what could not be removed is
     * released to the next cleanup run at once.
     */
    public SessionView create(Caller caller, JsonNode body, Deadline deadline) {
        NewSession input = NewSession.from(body);
        UserProfile host = users.ensure(caller);
        Instant now = now();
        ObjectId id = ids.next(now);
        Session session = new Session(id, input.problemTitle(), input.difficulty(), host.clerkId(), null,
                SessionStatus.CREATING, newCallId(), now, now, now, null, null, false, false);
        Lease lease = Lease.of(Lease.newOwner("create"), now, deadline.remaining().plus(CREATE_LEASE_GRACE));
        leases.insertCreating(session, lease);
        steps.reached(SessionSteps.CREATE_RECORDED);
        try {
            Deadline streamDeadline = deadline.reserving(ROLLBACK_RESERVE);
            users.ensureInStream(List.of(host), streamDeadline);
            steps.reached(SessionSteps.CREATE_HOST_IN_STREAM);
            stream.setUp(session, streamDeadline);
        } catch (RuntimeException failure) {
            rollBack(session, lease, deadline, failure);
            throw failure;
        }
        if (!leases.activate(id, lease.owner(), now())) {
            // This create overran its lease and a cleanup run took the session over to remove it.
            throw new UpstreamException(503, CREATE_TIMED_OUT, null);
        }
        steps.reached(SessionSteps.CREATE_ACTIVATED);
        return presenter.present(sessions.findById(id).orElseThrow());
    }

    public SessionView get(String rawId) {
        return presenter.present(findVisible(rawId));
    }

    public SessionPage listActive(PageRequest page) {
        return presenter.page(sessions.listActive(page), page);
    }

    public SessionPage listRecent(Caller caller, PageRequest page) {
        return presenter.page(sessions.listCompletedOf(caller.userId(), page), page);
    }

    /**
     * Claims the participant seat atomically, then adds the participant to the Stream channel and call.
     * If Stream fails the seat stays the caller's and the answer is 503: the same user's retry finishes it.
     */
    public SessionView join(Caller caller, String rawId, Deadline deadline) {
        ObjectId id = parseId(rawId);
        UserProfile participant = users.ensure(caller);
        Optional<Session> claimed = sessions.claimParticipant(id, caller.userId(), now());
        if (claimed.isEmpty()) {
            throw whyNotJoinable(id, caller.userId());
        }
        Session session = claimed.get();
        steps.reached(SessionSteps.JOIN_CLAIMED);
        if (!session.participantInStream()) {
            Deadline streamDeadline = deadline.reserving(ANSWER_RESERVE);
            users.ensureInStream(List.of(participant), streamDeadline);
            steps.reached(SessionSteps.JOIN_USER_IN_STREAM);
            stream.addParticipant(session, caller.userId(), streamDeadline);
            sessions.markParticipantInStream(id, caller.userId(), now());
            steps.reached(SessionSteps.JOIN_RECORDED);
        }
        return presenter.present(session);
    }

    /**
     * Completes the session in MongoDB first (so it is ended for users whatever Stream does), then ends
     * and deletes the Stream call and channel. A Stream failure is not the caller's problem: the
     * session stays marked with its teardown owed and the scheduled cleanup finishes it.
     */
    public SessionView end(Caller caller, String rawId, Deadline deadline) {
        ObjectId id = parseId(rawId);
        Session session = findVisible(id);
        if (!session.hostId().equals(caller.userId())) {
            throw ApiException.forbidden("Only the host can end this session");
        }
        if (session.status() == SessionStatus.ACTIVE) {
            session = sessions.complete(id, ENDED_BY_HOST, now())
                    // Ended a moment ago by another request (a second tab): the same answer.
                    .or(() -> sessions.findById(id))
                    .orElseThrow(() -> ApiException.notFound("Session not found"));
            steps.reached(SessionSteps.END_COMPLETED);
        }
        if (session.teardownPending()) {
            finishTeardown(session, deadline.reserving(ANSWER_RESERVE));
        }
        return presenter.present(session);
    }

    /** Ends a session's Stream side; true when nothing is owed any more. */
    public boolean finishTeardown(Session session, Deadline deadline) {
        try {
            stream.tearDown(session, deadline);
            sessions.markTeardownDone(session.id());
            steps.reached(SessionSteps.TEARDOWN_DONE);
            return true;
        } catch (UpstreamException failure) {
            InvocationLog.event("SessionService", "Stream teardown deferred to cleanup",
                    dev.moduo.core.Json.object().put("sessionId", session.id().toHexString())
                            .put("status", failure.status()));
            return false;
        }
    }

    /**
     * Removes the Stream side first and the document last, so that whatever is left is still found
     * by the cleanup. Nothing here may make the answer later than a few seconds: MongoDB writes are
     * skipped when MongoDB is what failed.
     */
    private void rollBack(Session session, Lease lease, Deadline deadline, RuntimeException cause) {
        try {
            stream.removeAll(session, deadline);
        } catch (RuntimeException streamFailure) {
            cause.addSuppressed(streamFailure);
            if (!ErrorMapper.isDatabaseUnavailable(cause)) {
                handOverToCleanup(session, lease, cause);
            }
            return;
        }
        if (ErrorMapper.isDatabaseUnavailable(cause)) {
            return;
        }
        try {
            sessions.deleteCreating(session.id());
            steps.reached(SessionSteps.ROLLBACK_DELETED);
        } catch (RuntimeException deleteFailure) {
            // Left as "creating", never shown; the cleanup removes it once the lease has run out.
            cause.addSuppressed(deleteFailure);
        }
    }

    /** This request is about to answer, so it hands what it could not remove to the very next cleanup run. */
    private void handOverToCleanup(Session session, Lease lease, RuntimeException cause) {
        try {
            leases.expire(session.id(), lease.owner(), now());
        } catch (RuntimeException expireFailure) {
            cause.addSuppressed(expireFailure);
        }
    }

    private ApiException whyNotJoinable(ObjectId id, String userId) {
        Session session = findVisible(id);
        if (session.status() == SessionStatus.COMPLETED) {
            return ApiException.badRequest("This session has ended");
        }
        if (session.hostId().equals(userId)) {
            return ApiException.badRequest("You are the host of this session and cannot join it as a participant");
        }
        return ApiException.conflict("Session is full");
    }

    private Session findVisible(String rawId) {
        return findVisible(parseId(rawId));
    }

    private Session findVisible(ObjectId id) {
        return sessions.findById(id)
                .filter(Session::isVisible)
                .orElseThrow(() -> ApiException.notFound("Session not found"));
    }

    static ObjectId parseId(String rawId) {
        if (rawId == null || !ObjectId.isValid(rawId)) {
            throw ApiException.badRequest("sessionId must be a 24-character hexadecimal id");
        }
        return new ObjectId(rawId);
    }

    /** Valid as both a Stream call id and a channel id: lower-case hex and dashes, 36 characters. */
    private static String newCallId() {
        return UUID.randomUUID().toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
