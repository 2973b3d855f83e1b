package dev.moduo.session;

import dev.moduo.auth.Caller;
import dev.moduo.core.Deadline;
import dev.moduo.core.Refusal;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.stream.RecordingSwitch;
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
    private final SessionStreamResources stream;
    private final SessionMembership membership;
    private final SessionEnding ending;
    private final UserService users;
    private final SessionPresenter presenter;
    private final CrashPoints crashPoints;
    private final SessionIds ids;
    private final RecordingSwitch recording;
    private final Clock clock;

    public SessionService(SessionRepository sessions, SessionStreamResources stream, SessionMembership membership,
                          SessionEnding ending, UserService users, SessionPresenter presenter, CrashPoints crashPoints,
                          SessionIds ids, RecordingSwitch recording, Clock clock) {
        this.sessions = sessions;
        this.stream = stream;
        this.membership = membership;
        this.ending = ending;
        this.users = users;
        this.presenter = presenter;
        this.crashPoints = crashPoints;
        this.ids = ids;
        this.recording = recording;
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
    public SessionDetail create(Caller caller, NewSession input, Deadline deadline) {
        return create(users.ensure(caller), input, deadline);
    }

    /** {@link #create(Caller, NewSession, Deadline)} for a host whose record the caller has just read (the limiter's). */
    public SessionDetail create(UserProfile host, NewSession input, Deadline deadline) {
        Instant now = now();
        Session session = new Session(ids.next(now), input.problemTitle(), input.difficulty(), host.clerkId(), null,
                SessionStatus.CREATING, newCallId(), now, now, now, null, null, false, false).withRecordable(recording.on());
        Lease lease = Lease.of(Lease.newOwner("create"), now, deadline.remaining().plus(CREATE_LEASE_GRACE));
        sessions.insertCreating(session, lease);
        crashPoints.reached(CrashPoints.CREATE_RECORDED);
        try {
            Deadline streamDeadline = deadline.reserving(ROLLBACK_RESERVE);
            users.ensureInStream(List.of(host), streamDeadline);
            crashPoints.reached(CrashPoints.CREATE_HOST_IN_STREAM);
            stream.setUp(session, streamDeadline);
        } catch (RuntimeException failure) {
            rollBack(session, lease, deadline, failure);
            throw failure;
        }
        // This create overran its lease when empty: a cleanup run took the session over to remove it.
        Session active = sessions.activate(session.id(), lease.owner(), now())
                .orElseThrow(() -> Refusal.unavailable(CREATE_TIMED_OUT, null));
        crashPoints.reached(CrashPoints.CREATE_ACTIVATED);
        return presenter.detail(active, host);
    }

    public SessionDetail get(ObjectId id) {
        return presenter.detail(findVisible(id));
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
    public SessionDetail join(Caller caller, ObjectId id, Deadline deadline) {
        return join(users.ensure(caller), id, deadline);
    }

    /** {@link #join(Caller, ObjectId, Deadline)} for a participant whose record the caller has just read (the limiter's). */
    public SessionDetail join(UserProfile participant, ObjectId id, Deadline deadline) {
        String userId = participant.clerkId();
        Session session = sessions.claimParticipant(id, userId, now())
                .orElseThrow(() -> whyNotJoinable(id, userId));
        crashPoints.reached(CrashPoints.JOIN_CLAIMED);
        if (!session.participantInStream()) {
            membership.finishJoin(session, participant, deadline.reserving(ANSWER_RESERVE));
        }
        return presenter.detail(session, participant);
    }

    /**
     * The host's end (see {@link SessionEnding}). A Stream failure is not the caller's problem: the session
     * stays marked with its teardown owed and the scheduled cleanup finishes it.
     */
    public SessionDetail end(Caller caller, ObjectId id, Deadline deadline) {
        Deadline streamDeadline = deadline.reserving(ANSWER_RESERVE);
        // The common case first, without reading the session: the update that ends it answers it.
        Optional<Session> endedNow = ending.endHostedBy(id, caller.userId(), streamDeadline);
        if (endedNow.isPresent()) {
            return presenter.detail(endedNow.get());
        }
        // Nothing ended: read it to say why (unknown, not the host's), or to answer an end that came before.
        Session session = findVisible(id);
        if (!session.hostId().equals(caller.userId())) {
            throw Refusal.forbidden("Only the host can end this session");
        }
        if (session.status() == SessionStatus.ACTIVE) {
            // Activated between the two reads (a create finishing): end it now.
            Optional<Session> ended = ending.end(session, EndReason.HOST, streamDeadline);
            if (ended.isPresent()) {
                return presenter.detail(ended.get());
            }
            // Ended a moment ago by another request (a second tab): the same answer.
            session = findVisible(id);
        }
        if (session.teardownPending() && !session.teardownHeld()) {
            ending.finishTeardown(session, streamDeadline);
        }
        return presenter.detail(session);
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
            if (!DatabaseErrors.isUnavailable(cause)) {
                handOverToCleanup(session, lease, cause);
            }
            return;
        }
        if (DatabaseErrors.isUnavailable(cause)) {
            return;
        }
        try {
            sessions.deleteCreating(session.id(), lease.owner());
            crashPoints.reached(CrashPoints.ROLLBACK_DELETED);
        } catch (RuntimeException deleteFailure) {
            // Left as "creating", never shown; the cleanup removes it once the lease has run out.
            cause.addSuppressed(deleteFailure);
        }
    }

    /** This request is about to answer, so it hands what it could not remove to the very next cleanup run. */
    private void handOverToCleanup(Session session, Lease lease, RuntimeException cause) {
        try {
            sessions.expireLease(session.id(), lease.owner(), now());
        } catch (RuntimeException expireFailure) {
            cause.addSuppressed(expireFailure);
        }
    }

    private Refusal whyNotJoinable(ObjectId id, String userId) {
        Session session = findVisible(id);
        if (session.status() == SessionStatus.COMPLETED) {
            return Refusal.badInput("This session has ended");
        }
        if (session.hostId().equals(userId)) {
            return Refusal.badInput("You are the host of this session and cannot join it as a participant");
        }
        return Refusal.conflict("Session is full");
    }

    private Session findVisible(ObjectId id) {
        return sessions.findById(id)
                .filter(Session::isVisible)
                .orElseThrow(() -> Refusal.notFound("Session not found"));
    }

    /** Valid as both a Stream call id and a channel id: lower-case hex and dashes, 36 characters. */
    private static String newCallId() {
        return UUID.randomUUID().toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
