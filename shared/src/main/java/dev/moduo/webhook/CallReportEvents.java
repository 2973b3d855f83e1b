package dev.moduo.webhook;

import static dev.moduo.webhook.StreamEventFields.required;
import static dev.moduo.webhook.StreamEventFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.report.CallQuality;
import dev.moduo.report.CallAttendanceRepository;
import dev.moduo.report.CallQualityRepository;
import dev.moduo.session.SessionRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What the session report keeps of Stream's webhooks ({@link CallAttendanceRepository},
 * {@link CallQualityRepository}): every participant
 * join and leave as an interval of its connection, whether the session is still active or not, and each
 * {@code call.stats_report_ready}, which may come after the session ended and its call was deleted: what it
 * carries is all Moduo gets.
 */
@Singleton
public class CallReportEvents {

    public static final String STATS_REPORT_READY = "call.stats_report_ready";
    /** Stream's overview is kept as sent up to this size; a larger one is dropped, and the report says so. */
    static final int OVERVIEW_LIMIT_CHARS = 64 * 1024;

    private final SessionRepository sessions;
    private final CallAttendanceRepository attendance;
    private final CallQualityRepository quality;
    private final Clock clock;

    public CallReportEvents(SessionRepository sessions, CallAttendanceRepository attendance, CallQualityRepository quality,
                            Clock clock) {
        this.sessions = sessions;
        this.attendance = attendance;
        this.quality = quality;
        this.clock = clock;
    }

    /**
     * Keeps what the report needs of the event. The outcome is the answer for a stats report; for a join or
     * leave it is empty, the presence's outcome answers.
     *
     * @throws Refusal 400 when an event of a handled type lacks what it needs
     */
    public Optional<WebhookOutcome> observe(String type, JsonNode event) {
        return switch (type) {
            case StreamCallEvents.JOINED, StreamCallEvents.LEFT -> {
                attendance(event, StreamCallEvents.JOINED.equals(type));
                yield Optional.empty();
            }
            case STATS_REPORT_READY -> Optional.of(stats(event));
            default -> Optional.empty();
        };
    }

    private void attendance(JsonNode event, boolean joined) {
        Optional<String> callId = StreamCallEvents.callId(event);
        if (callId.isEmpty()) {
            return;
        }
        JsonNode participant = event.path("participant");
        String userId = required(participant.path("user").path("id"), "participant.user.id");
        String userSessionId = required(participant.path("user_session_id"), "participant.user_session_id");
        Instant at = time(event.get("created_at"), "created_at").orElseGet(clock::instant);
        Optional<Instant> joinedAt = time(participant.get("joined_at"), "participant.joined_at");
        if (sessions.findByCallId(callId.get()).isEmpty()) {
            return;
        }
        if (joined) {
            attendance.recordJoin(callId.get(), userId, userSessionId, joinedAt.orElse(at));
        } else {
            attendance.recordLeave(callId.get(), userId, userSessionId, at, joinedAt.orElse(null));
        }
    }

    private WebhookOutcome stats(JsonNode event) {
        Optional<String> callId = StreamCallEvents.callId(event);
        if (callId.isEmpty()) {
            return WebhookOutcome.ignored("not a call Moduo makes");
        }
        String streamSessionId = required(event.path("session_id"), "session_id");
        JsonNode counts = event.path("counts");
        if (!counts.isObject()) {
            throw Refusal.badInput("counts is missing");
        }
        Instant reportedAt = time(event.get("created_at"), "created_at").orElseGet(clock::instant);
        if (sessions.findByCallId(callId.get()).isEmpty()) {
            return WebhookOutcome.ignored("no session has call " + callId.get());
        }
        JsonNode overview = event.get("participants_overview");
        String overviewJson = overview == null || overview.isNull() ? null : Json.write(overview);
        boolean dropped = overviewJson != null && overviewJson.length() > OVERVIEW_LIMIT_CHARS;
        JsonNode trimmed = event.get("is_trimmed");
        CallQuality report = new CallQuality(streamSessionId, reportedAt,
                number(counts, "cq_score"), whole(counts, "participants"), whole(counts, "sessions"),
                whole(counts, "publishers"), whole(counts, "peak_concurrent_users"), number(counts, "average_jitter_ms"),
                number(counts, "average_latency_ms"), number(counts, "max_freezes_duration_ms"),
                number(counts, "total_participant_duration"),
                trimmed != null && trimmed.isBoolean() ? trimmed.booleanValue() : null,
                dropped ? null : overviewJson, dropped);
        return quality.recordQuality(callId.get(), report)
                ? WebhookOutcome.changed("Recorded the call's stats report")
                : WebhookOutcome.ignored("a stats report of this call session as new or newer was recorded");
    }

    private static Double number(JsonNode counts, String field) {
        JsonNode value = counts.get(field);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    private static Long whole(JsonNode counts, String field) {
        JsonNode value = counts.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }
}
