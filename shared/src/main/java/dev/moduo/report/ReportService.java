package dev.moduo.report;

import dev.moduo.auth.Caller;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.session.Session;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.types.ObjectId;

/**
 * The rule of the report: only the host and the participant see it, only once the session has ended; it says
 * what Stream told (attendance from the participant webhooks, quality from {@code call.stats_report_ready})
 * and names what Stream did not tell.
 */
@Singleton
public class ReportService {

    static final String NO_STATS = "callQuality: Stream sent no stats report";
    static final String NO_ATTENDANCE = "attendance: Stream sent no participant join or leave";

    private final SessionRepository sessions;
    private final CallAttendanceRepository attendance;
    private final CallQualityRepository quality;

    public ReportService(SessionRepository sessions, CallAttendanceRepository attendance, CallQualityRepository quality) {
        this.sessions = sessions;
        this.attendance = attendance;
        this.quality = quality;
    }

    public SessionReport report(Caller caller, ObjectId id) {
        Session session = sessions.findById(id).filter(Session::isVisible)
                .orElseThrow(() -> Refusal.notFound("Session not found"));
        if (!caller.userId().equals(session.hostId()) && !caller.userId().equals(session.participantId())) {
            throw Refusal.forbidden("Only the host and the participant can see this session's report");
        }
        if (session.status() != SessionStatus.COMPLETED) {
            throw Refusal.conflict("The session is still active: its report is ready once it has ended");
        }
        List<String> missing = new ArrayList<>();
        List<SessionReport.Attendance> attendance = attendance(session, missing);
        List<SessionReport.Quality> quality = quality(session, missing);
        Instant endedAt = session.endedAt();
        if (endedAt == null) {
            missing.add("endedAt: the session's end time was not recorded");
        }
        return new SessionReport(session.id().toHexString(), session.callId(), session.hostId(), session.participantId(),
                Json.isoMillis(session.createdAt()), Json.isoMillis(endedAt), seconds(session.createdAt(), endedAt),
                session.endedReason(), attendance, quality, missing);
    }

    private List<SessionReport.Attendance> attendance(Session session, List<String> missing) {
        List<AttendanceInterval> intervals = attendance.attendance(session.callId());
        if (intervals.isEmpty()) {
            missing.add(NO_ATTENDANCE);
        }
        List<SessionReport.Attendance> shown = new ArrayList<>();
        for (AttendanceInterval interval : intervals) {
            // Ending the session ends the call for everyone: a connection Stream never said left, left then.
            boolean closedAtEnd = interval.leftAt() == null && session.endedAt() != null;
            Instant leftAt = closedAtEnd ? session.endedAt() : interval.leftAt();
            if (interval.joinedAt() == null) {
                missing.add("attendance: Stream sent no join time for connection " + interval.userSessionId());
            }
            if (leftAt == null) {
                missing.add("attendance: no leave time for connection " + interval.userSessionId());
            }
            shown.add(new SessionReport.Attendance(interval.userId(), interval.userSessionId(),
                    Json.isoMillis(interval.joinedAt()), Json.isoMillis(leftAt), seconds(interval.joinedAt(), leftAt),
                    closedAtEnd));
        }
        return shown;
    }

    private List<SessionReport.Quality> quality(Session session, List<String> missing) {
        List<CallQuality> stored = quality.quality(session.callId());
        if (stored.isEmpty()) {
            missing.add(NO_STATS);
            return null;
        }
        List<SessionReport.Quality> shown = new ArrayList<>();
        for (CallQuality q : stored) {
            if (q.qualityScore() == null) {
                missing.add("callQuality.qualityScore: Stream's report for call session " + q.streamSessionId()
                        + " has no cq_score");
            }
            if (q.participantsOverviewDropped()) {
                missing.add("callQuality.participantsOverview: Stream's overview for call session "
                        + q.streamSessionId() + " was too large to keep");
            }
            shown.add(new SessionReport.Quality(q.streamSessionId(), Json.isoMillis(q.reportedAt()), q.qualityScore(),
                    q.participants(), q.sessions(), q.publishers(), q.peakConcurrentUsers(), q.averageJitterMs(),
                    q.averageLatencyMs(), q.maxFreezesDurationMs(), q.totalParticipantDurationSeconds(), q.trimmed(),
                    q.participantsOverviewJson()));
        }
        return shown;
    }

    private static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toSeconds();
    }
}
