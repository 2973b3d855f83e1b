package dev.moduo.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/**
 * The report of an ended session, as the contract writes it ({@code GET /api/sessions/{sessionId}/report}).
 * What Moduo was not told is null and named in {@code missing}: never estimated.
 */
@JsonPropertyOrder({"sessionId", "callId", "hostId", "participantId", "startedAt", "endedAt", "durationSeconds",
        "endedReason", "attendance", "callQuality", "missing"})
public record SessionReport(
        @JsonProperty("sessionId") String sessionId,
        @JsonProperty("callId") String callId,
        @JsonProperty("hostId") String hostId,
        @JsonProperty("participantId") String participantId,
        @JsonProperty("startedAt") String startedAt,
        @JsonProperty("endedAt") String endedAt,
        @JsonProperty("durationSeconds") Long durationSeconds,
        @JsonProperty("endedReason") String endedReason,
        @JsonProperty("attendance") List<Attendance> attendance,
        @JsonProperty("callQuality") List<Quality> callQuality,
        @JsonProperty("missing") List<String> missing) {

    public SessionReport {
        attendance = List.copyOf(attendance);
        callQuality = callQuality == null ? null : List.copyOf(callQuality);
        missing = List.copyOf(missing);
    }

    /** One connection: {@code closedAtSessionEnd} when Stream sent no leave and the session's end closed it. */
    @JsonPropertyOrder({"userId", "userSessionId", "joinedAt", "leftAt", "durationSeconds", "closedAtSessionEnd"})
    public record Attendance(
            @JsonProperty("userId") String userId,
            @JsonProperty("userSessionId") String userSessionId,
            @JsonProperty("joinedAt") String joinedAt,
            @JsonProperty("leftAt") String leftAt,
            @JsonProperty("durationSeconds") Long durationSeconds,
            @JsonProperty("closedAtSessionEnd") boolean closedAtSessionEnd) {
    }

    /** One Stream call session's stats report; {@code participantsOverview} is Stream's own JSON, as sent. */
    @JsonPropertyOrder({"streamSessionId", "reportedAt", "qualityScore", "participants", "sessions", "publishers",
            "peakConcurrentUsers", "averageJitterMs", "averageLatencyMs", "maxFreezesDurationMs",
            "totalParticipantDurationSeconds", "trimmed", "participantsOverview"})
    public record Quality(
            @JsonProperty("streamSessionId") String streamSessionId,
            @JsonProperty("reportedAt") String reportedAt,
            @JsonProperty("qualityScore") Double qualityScore,
            @JsonProperty("participants") Long participants,
            @JsonProperty("sessions") Long sessions,
            @JsonProperty("publishers") Long publishers,
            @JsonProperty("peakConcurrentUsers") Long peakConcurrentUsers,
            @JsonProperty("averageJitterMs") Double averageJitterMs,
            @JsonProperty("averageLatencyMs") Double averageLatencyMs,
            @JsonProperty("maxFreezesDurationMs") Double maxFreezesDurationMs,
            @JsonProperty("totalParticipantDurationSeconds") Double totalParticipantDurationSeconds,
            @JsonProperty("trimmed") Boolean trimmed,
            @JsonProperty("participantsOverview") @JsonRawValue String participantsOverview) {
    }
}
