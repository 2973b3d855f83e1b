package dev.moduo.cleanup;

import dev.moduo.auth.Caller;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.http.ErrorMapper;
import dev.moduo.http.UpstreamException;
import dev.moduo.lambda.InvocationLog;
import dev.moduo.session.Lease;
import dev.moduo.session.Session;
import dev.moduo.session.SessionLeases;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionSteps;
import dev.moduo.session.SessionStream;
import dev.moduo.stream.StreamVideoClient;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserService;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * Finishes what requests left unfinished and ends sessions nobody uses, so that MongoDB and Stream
 * converge whatever failed: see {@link Work} for what it looks for.
 *
 * <p>Each session is claimed with a lease before any work on it, so overlapping runs never work on
 * the same session; the lease ends with the run's deadline at the latest, and is given back as soon
 * as the session is done. Every Stream step it repeats is idempotent, because the step may or may
 * not have happened before the crash that left the work unfinished.
 */
@Singleton
public class SessionJanitor {

    public static final String ENDED_EXPIRED = "expired";
    /** Kept out of a session's lease beyond its Stream budget, for the MongoDB writes around it. */
    static final Duration LEASE_SLACK = Duration.ofSeconds(5);
    private static final PrintStream OUT = System.out;

    private final CleanupStore store;
    private final SessionLeases leases;
    private final SessionRepository sessions;
    private final SessionStream stream;
    private final SessionService service;
    private final StreamVideoClient video;
    private final UserService users;
    private final CleanupSettings settings;
    private final SessionSteps steps;
    private final Clock clock;

    public SessionJanitor(CleanupStore store, SessionLeases leases, SessionRepository sessions, SessionStream stream,
                          SessionService service, StreamVideoClient video, UserService users,
                          CleanupSettings settings, SessionSteps steps, Clock clock) {
        this.store = store;
        this.leases = leases;
        this.sessions = sessions;
        this.stream = stream;
        this.service = service;
        this.video = video;
        this.users = users;
        this.settings = settings;
        this.steps = steps;
        this.clock = clock;
    }

    /**
     * One run: works until there is nothing left, the session limit is reached, or less than one
     * session's budget is left before {@code deadline}; then logs its summary line and returns it.
     * MongoDB being unavailable ends the run early ({@link CleanupSummary#aborted()}).
     */
    public CleanupSummary run(Deadline deadline) {
        long started = System.nanoTime();
        Run run = new Run(Lease.newOwner("cleanup"), deadline);
        try {
            for (Work work : Work.values()) {
                if (!run.process(work)) {
                    break;
                }
            }
        } catch (RuntimeException failure) {
            run.aborted = ErrorMapper.isDatabaseUnavailable(failure)
                    ? "database unavailable"
                    : failure.getClass().getSimpleName();
            InvocationLog.event("SessionJanitor", "Cleanup run stopped", Json.object()
                    .put("runId", run.owner).put("error", describe(failure)));
        }
        CleanupSummary summary = run.summary((System.nanoTime() - started) / 1_000_000);
        OUT.println(CleanupMetrics.line(summary, settings.metricsName(), clock.instant()));
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
        int inUse;
        int busy;
        boolean stoppedEarly;
        String aborted;

        Run(String owner, Deadline deadline) {
            this.owner = owner;
            this.deadline = deadline;
        }

        /** Works through every session of one kind; false when the run must stop. */
        boolean process(Work work) {
            ObjectId after = null;
            while (true) {
                List<Session> page = store.candidates(work.condition(now(), settings.staleAfter()), now(), after,
                        settings.batchSize());
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
                    handle(work, candidate.id());
                }
            }
        }

        private void handle(Work work, ObjectId id) {
            Instant now = now();
            Duration leaseLength = deadline.cap(settings.sessionBudget().plus(LEASE_SLACK));
            Optional<Session> claimed = leases.claim(id, work.condition(now, settings.staleAfter()),
                    Lease.of(owner, now, leaseLength), now);
            if (claimed.isEmpty()) {
                // Another run holds it, or a request finished it since the page was read.
                busy++;
                return;
            }
            steps.reached(SessionSteps.CLEANUP_CLAIMED);
            Deadline budget = Deadline.after(deadline.cap(settings.sessionBudget()));
            try {
                boolean done = switch (work) {
                    case ABANDONED_CREATE -> rollBack(claimed.get(), budget);
                    case OWED_TEARDOWN -> finishTeardown(claimed.get(), budget);
                    case UNFINISHED_JOIN -> finishJoin(claimed.get(), budget);
                    case IDLE -> endIfUnused(claimed.get(), budget);
                };
                if (!done) {
                    failed++;
                }
            } catch (RuntimeException failure) {
                if (ErrorMapper.isDatabaseUnavailable(failure)) {
                    throw failure;
                }
                failed++;
                InvocationLog.event("SessionJanitor", "Cleanup of a session failed; the next run retries", Json.object()
                        .put("runId", owner).put("sessionId", id.toHexString()).put("work", work.name())
                        .put("error", describe(failure)));
            }
            if (work == Work.ABANDONED_CREATE) {
                // Still there only if the rollback failed; it stays recognisably abandoned for the next run.
                leases.expire(id, owner, now());
            } else {
                leases.release(id, owner);
            }
        }

        /** Stream side first, document last: if this run dies in between, the next one finds the document. */
        private boolean rollBack(Session session, Deadline budget) {
            stream.removeAll(session, budget);
            store.deleteAbandoned(session.id(), owner);
            rolledBack++;
            return true;
        }

        private boolean finishTeardown(Session session, Deadline budget) {
            if (!service.finishTeardown(session, budget)) {
                return false;
            }
            teardownsFinished++;
            return true;
        }

        private boolean finishJoin(Session session, Deadline budget) {
            String participantId = session.participantId();
            // Their record exists since they joined; this only recreates it if it was deleted since.
            UserProfile participant = users.ensure(new Caller(participantId, null, null, null, null));
            users.ensureInStream(List.of(participant), budget);
            steps.reached(SessionSteps.JOIN_USER_IN_STREAM);
            stream.addParticipant(session, participantId, budget);
            sessions.markParticipantInStream(session.id(), participantId, now());
            steps.reached(SessionSteps.JOIN_RECORDED);
            joinsFinished++;
            return true;
        }

        /** Never ends a session while anyone is connected to its call, nor when Stream cannot say. */
        private boolean endIfUnused(Session session, Deadline budget) {
            if (!video.queryParticipants(session.callId(), budget).isEmpty()) {
                store.recordActivity(session.id(), owner, now());
                inUse++;
                return true;
            }
            Instant now = now();
            Optional<Session> completed = store.completeIdle(session.id(), Work.idleSince(now, settings.staleAfter()),
                    owner, ENDED_EXPIRED, now);
            if (completed.isEmpty()) {
                // A join or the host's end got there first: not idle any more, or already ended.
                return true;
            }
            ended++;
            steps.reached(SessionSteps.CLEANUP_ENDED);
            // Once completed, a failed teardown is owed work that the next run finishes.
            return service.finishTeardown(completed.get(), budget);
        }

        CleanupSummary summary(long durationMs) {
            int repaired = rolledBack + teardownsFinished + joinsFinished;
            return new CleanupSummary(owner, examined, ended, repaired, failed, rolledBack, teardownsFinished,
                    joinsFinished, inUse, busy, stoppedEarly, aborted, durationMs);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof UpstreamException && failure.getCause() != null) {
            return failure.getCause().getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
