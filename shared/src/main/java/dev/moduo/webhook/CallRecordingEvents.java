package dev.moduo.webhook;

import static dev.moduo.webhook.StreamEventFields.required;
import static dev.moduo.webhook.StreamEventFields.text;
import static dev.moduo.webhook.StreamEventFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Refusal;
import dev.moduo.recording.CallRecordingRepository;
import dev.moduo.recording.RecordingFile;
import dev.moduo.session.SessionRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What Stream's {@code call.recording_started/_stopped/_ready/_failed} webhooks change: the phases and files of a
 * Moduo session's recordings ({@link CallRecordingRepository}), whether the session is active or ended. A recording
 * that became ready or failed may be what an ended session's call was kept for, so the cleanup is told to decide
 * again about deleting that call.
 */
@Singleton
public class CallRecordingEvents {

    public static final String STARTED = "call.recording_started";
    public static final String STOPPED = "call.recording_stopped";
    public static final String READY = "call.recording_ready";
    public static final String FAILED = "call.recording_failed";

    private final SessionRepository sessions;
    private final CallRecordingRepository recordings;
    private final Clock clock;

    public CallRecordingEvents(SessionRepository sessions, CallRecordingRepository recordings, Clock clock) {
        this.sessions = sessions;
        this.recordings = recordings;
        this.clock = clock;
    }

    public static boolean handles(String type) {
        return STARTED.equals(type) || STOPPED.equals(type) || READY.equals(type) || FAILED.equals(type);
    }

    /**
     * @throws Refusal 400 when the event lacks what it needs
     */
    public WebhookOutcome apply(String type, JsonNode event) {
        Optional<String> callId = StreamCallEvents.callId(event);
        if (callId.isEmpty()) {
            return WebhookOutcome.ignored("not a call Moduo makes");
        }
        String egressId = required(event.path("egress_id"), "egress_id");
        String recordingType = text(event.path("recording_type"));
        Instant at = time(event.get("created_at"), "created_at").orElseGet(clock::instant);
        RecordingFile file = READY.equals(type) ? file(event.path("call_recording"), at) : null;
        if (sessions.findByCallId(callId.get()).isEmpty()) {
            return WebhookOutcome.ignored("no session has call " + callId.get());
        }
        switch (type) {
            case STARTED -> recordings.recordStarted(callId.get(), egressId, recordingType, at);
            case STOPPED -> recordings.recordStopped(callId.get(), egressId, recordingType, at);
            case FAILED -> recordings.recordFailed(callId.get(), egressId, recordingType, at);
            case READY -> recordings.recordReady(callId.get(), egressId, recordingType, file);
            default -> throw new IllegalArgumentException(type + " is not a recording event");
        }
        if (READY.equals(type) || FAILED.equals(type)) {
            sessions.reconsiderCallDelete(callId.get(), clock.instant());
        }
        return WebhookOutcome.changed("Recorded " + type.substring("call.".length()));
    }

    private static RecordingFile file(JsonNode recording, Instant readyAt) {
        if (!recording.isObject()) {
            throw Refusal.badInput("call_recording is missing");
        }
        return new RecordingFile(required(recording.path("filename"), "call_recording.filename"),
                time(recording.get("start_time"), "call_recording.start_time").orElse(null),
                time(recording.get("end_time"), "call_recording.end_time").orElse(null),
                readyAt);
    }
}
