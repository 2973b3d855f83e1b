package dev.moduo.cleanup;

import dev.moduo.core.Deadline;
import dev.moduo.core.DependencyFailure;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.session.CleanupTask;
import dev.moduo.session.CrashPoints;
import dev.moduo.session.EndReason;
import dev.moduo.session.Lease;
import dev.moduo.session.Session;
import dev.moduo.session.SessionEnding;
import dev.moduo.session.SessionMembership;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionStreamResources;
import dev.moduo.stream.StreamVideoClient;
import dev.moduo.user.UserService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * Finishes what requests left unfinished and ends sessions nobody uses, so that MongoDB and Stream
 * converge whatever failed: see {@link CleanupTask} for what it looks for.
 *
 * <p>Each session is claimed with a lease before any work on it, so overlapping runs never work on
 * the same session; the lease ends with the run's deadline at the latest, and is given back as soon
 * as the session is done. Every Stream step it repeats is idempotent, because the step may or may
 * not have happened before the crash that left the work unfinished.
 */
@Singleton
public class SessionJanitor {

    /** Kept out of a session's lease beyond its Stream budget, for the MongoDB writes around it. */
    static final Duration LEASE_SLACK = Duration.ofSeconds(5);

    private final SessionRepository sessions;
    private final SessionStreamResources stream;
    private final SessionMembership membership;
    private final SessionEnding ending;
    private final StreamVideoClient video;
    private final UserService users;
    private final CleanupSettings settings;
    private final CrashPoints crashPoints;
    private final Clock clock;

    public SessionJanitor(SessionRepository sessions, SessionStreamResources stream, SessionMembership membership,
                          SessionEnding ending, StreamVideoClient video, UserService users, CleanupSettings settings,
                          CrashPoints crashPoints, Clock clock) {
        this.sessions = sessions;
        this.stream = stream;
        this.membership = membership;
        this.ending = ending;
        this.video = video;
        this.users = users;
        this.settings = settings;
        this.crashPoints = crashPoints;
        this.clock = clock;
    }

    /**
     * One run: works until there is nothing left, the session limit is reached, or less than one
     * session's budget is left before {@code deadline}; then returns its summary (the function logs it).
     * MongoDB being unavailable ends the run early ({@link CleanupSummary#aborted()}).
     */
    public CleanupSummary run(Deadline deadline) {
        long started = System.nanoTime();
        Run run = new Run(Lease.newOwner("cleanup"), deadline);
        try {
            for (CleanupTask task : CleanupTask.values()) {
                if (!run.process(task)) {
                    break;
                }
            }
        } catch (RuntimeException failure) {
            run.aborted = DatabaseErrors.isUnavailable(failure)
                    ? CleanupSummary.DATABASE_UNAVAILABLE
                    : failure.getClass().getSimpleName();
            EventLog.event("SessionJanitor", "Cleanup run stopped", Json.object()
                    .put("runId", run.owner).put("error", describe(failure)));
        }
        CleanupSummary summary = run.summary((System.nanoTime() - started) / 1_000_000);
        return summary;
    }

    /** One run's progress; the run is single-threaded. */
    private final class Run {
        final String owner;
        final Deadline deadline;
        int examined;
        int ended;
        int failed;
        int rolledBack;
        int teardownsFinished;
        int joinsFinished;
        int callDeletesHeld;
        int inUse;
        int busy;
        boolean stoppedEarly;
        String aborted;

        Run(String owner, Deadline deadline) {
            this.owner = owner;
            this.deadline = deadline;
        }

        /** Works through every session that needs one kind of work; false when the run must stop. */
        boolean process(CleanupTask task) {
            ObjectId after = null;
            while (true) {
                List<Session> page = sessions.candidates(task, now(), settings.staleAfter(), after, settings.batchSize());
                if (page.isEmpty()) {
                    return true;
                }
                for (Session candidate : page) {
                    after = candidate.id();
                    if (deadline.remaining().compareTo(settings.sessionBudget()) < 0
                            || examined >= settings.maxSessions()) {
                        stoppedEarly = true;
                        return false;
                    }
                    examined++;
                    handle(task, candidate.id());
                }
            }
        }

        private void handle(CleanupTask task, ObjectId id) {
            Instant now = now();
            Duration leaseLength = deadline.cap(settings.sessionBudget().plus(LEASE_SLACK));
            Optional<Session> claimed = sessions.claim(id, task, now, settings.staleAfter(), Lease.of(owner, now, leaseLength));
            if (claimed.isEmpty()) {
                // Another run holds it, or a request finished it since the page was read.
                busy++;
                return;
            }
            crashPoints.reached(CrashPoints.CLEANUP_CLAIMED);
            Deadline budget = Deadline.after(deadline.cap(settings.sessionBudget()));
            try {
                boolean done = switch (task) {
                    case ABANDONED_CREATE -> rollBack(claimed.get(), budget);
                    case OWED_TEARDOWN -> finishTeardown(claimed.get(), budget);
                    case UNFINISHED_JOIN -> finishJoin(claimed.get(), budget);
                    case IDLE -> endIfUnused(claimed.get(), budget);
                };
                if (!done) {
                    failed++;
                }
            } catch (RuntimeException failure) {
                if (DatabaseErrors.isUnavailable(failure)) {
                    throw failure;
                }
                failed++;
                EventLog.event("SessionJanitor", "Cleanup of a session failed; the next run retries", Json.object()
                        .put("runId", owner).put("sessionId", id.toHexString()).put("work", task.name())
                        .put("error", describe(failure)));
            }
            if (task == CleanupTask.ABANDONED_CREATE) {
                // Still there only if the rollback failed; it stays recognisably abandoned for the next run.
                sessions.expireLease(id, owner, now());
            } else {
                sessions.releaseLease(id, owner);
            }
        }

        /** Stream side first, document last: if this run dies in between, the next one finds the document. */
        private boolean rollBack(Session session, Deadline budget) {
            stream.removeAll(session, budget);
            sessions.deleteCreating(session.id(), owner);
            rolledBack++;
            return true;
        }

        private boolean finishTeardown(Session session, Deadline budget) {
            return switch (ending.finishTeardown(session, budget)) {
                case DONE -> {
                    teardownsFinished++;
                    yield true;
                }
                case HELD -> {
                    callDeletesHeld++;
                    yield true;
                }
                case OWED -> false;
            };
        }

        private boolean finishJoin(Session session, Deadline budget) {
            membership.finishJoin(session, users.ensureKnown(session.participantId()), budget);
            joinsFinished++;
            return true;
        }

        /** Never ends a session while anyone is connected to its call, nor when Stream cannot say. */
        private boolean endIfUnused(Session session, Deadline budget) {
            if (!video.queryParticipants(session.callId(), budget).isEmpty()) {
                sessions.recordActivity(session.id(), owner, now());
                inUse++;
                return true;
            }
            Optional<Session> completed = ending.end(session, EndReason.EXPIRED, budget);
            if (completed.isEmpty()) {
                // A join or the host's end got there first: not idle any more, or already ended.
                return true;
            }
            ended++;
            if (completed.get().teardownHeld()) {
                callDeletesHeld++;
                return true;
            }
            // A teardown that failed is owed work: the run reports it, and the next run finishes it.
            return !completed.get().teardownPending();
        }

        CleanupSummary summary(long durationMs) {
            int repaired = rolledBack + teardownsFinished + joinsFinished;
            return new CleanupSummary(owner, examined, ended, repaired, failed, rolledBack, teardownsFinished,
                    joinsFinished, callDeletesHeld, inUse, busy, stoppedEarly, aborted, durationMs);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof DependencyFailure) {
            return failure.getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
