package dev.moduo.session;

import dev.moduo.core.Deadline;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Ends active sessions for reasons other than the host's request, the way the host's end does it:
 * completed in MongoDB first (with the Stream teardown owed), then the Stream call and channel ended
 * and deleted. A teardown that fails stays owed for the scheduled cleanup, as in end.
 */
@Singleton
public class SessionCloser {

    /** Stream ended or deleted the call itself (e.g. its maximum duration). */
    public static final String ENDED_BY_STREAM = "stream";
    /** The host's Clerk account was deleted. */
    public static final String ENDED_BY_HOST_DELETION = "host-deleted";

    private final SessionRepository sessions;
    private final SessionService service;
    private final Clock clock;

    public SessionCloser(SessionRepository sessions, SessionService service, Clock clock) {
        this.sessions = sessions;
        this.service = service;
        this.clock = clock;
    }

    /** Completes the session if it is still active; empty when it was not (already ended, or never shown). */
    public Optional<Session> close(Session session, String reason, Deadline deadline) {
        if (session.status() != SessionStatus.ACTIVE) {
            return Optional.empty();
        }
        Optional<Session> completed = sessions.complete(session.id(), reason, now());
        // A 404 from Stream counts as done there, so a call Stream already ended or deleted is no obstacle.
        completed.ifPresent(ended -> service.finishTeardown(ended, deadline));
        return completed;
    }

    /** Completes every active session {@code hostId} runs; answers how many this call completed. */
    public int closeHostedBy(String hostId, String reason, Deadline deadline) {
        List<Session> hosted = sessions.listActiveHostedBy(hostId);
        int closed = 0;
        for (Session session : hosted) {
            if (close(session, reason, deadline).isPresent()) {
                closed++;
            }
        }
        return closed;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
