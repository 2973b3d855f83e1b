package dev.moduo.webhook;

import static dev.moduo.webhook.StreamEventFields.required;
import static dev.moduo.webhook.StreamEventFields.text;
import static dev.moduo.webhook.StreamEventFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Refusal;
import dev.moduo.session.CallPresence;
import dev.moduo.session.EndReason;
import dev.moduo.session.Session;
import dev.moduo.session.SessionEnding;
import dev.moduo.session.SessionRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a verified Stream webhook changes: participant joins and leaves update the session's
 * {@link CallPresence}; a call Stream ended or deleted on its own completes a session that was still
 * active; recording events keep the session's recordings ({@link CallRecordingEvents}) and the stats report and
 * participants the report ({@link CallReportEvents}). Every other event, and every event about a call that is not a
 * Moduo session, changes nothing.
 */
@Singleton
public class StreamCallEvents {

    public static final String JOINED = "call.session_participant_joined";
    public static final String LEFT = "call.session_participant_left";
    public static final String ENDED = "call.ended";
    public static final String DELETED = "call.deleted";
    /** Moduo makes every call of this type (see SessionStreamResources). */
    private static final String CALL_TYPE = "default";

    private final SessionRepository sessions;
    private final CallPresence presence;
    private final SessionEnding ending;
    private final Clock clock;
    private final CallReportEvents reports;
    private final CallRecordingEvents recordings;

    public StreamCallEvents(SessionRepository sessions, CallPresence presence, SessionEnding ending, Clock clock,
                            CallReportEvents reports, CallRecordingEvents recordings) {
        this.sessions = sessions;
        this.presence = presence;
        this.ending = ending;
        this.clock = clock;
        this.reports = reports;
        this.recordings = recordings;
    }

    /**
     * Applies the event and says what it did, for the response and the log.
     *
     * @throws Refusal 400 when an event of a handled type lacks what it needs
     */
    public WebhookOutcome apply(JsonNode event, Deadline deadline) {
        String type = event.path("type").asText("");
        if (CallRecordingEvents.handles(type)) {
            return recordings.apply(type, event);
        }
        Optional<WebhookOutcome> reported = reports.observe(type, event);
        return switch (type) {
            case JOINED, LEFT -> presence(event, JOINED.equals(type));
            case ENDED, DELETED -> ended(event, type, deadline);
            default -> reported.orElseGet(() -> WebhookOutcome.ignored("Moduo does not act on " + (type.isEmpty() ? "events without a type" : type)));
        };
    }

    private WebhookOutcome presence(JsonNode event, boolean joined) {
        Optional<String> callId = callId(event);
        if (callId.isEmpty()) {
            return WebhookOutcome.ignored("not a call Moduo makes");
        }
        JsonNode participant = event.path("participant");
        String userId = required(participant.path("user").path("id"), "participant.user.id");
        String userSessionId = required(participant.path("user_session_id"), "participant.user_session_id");
        Instant at = createdAt(event);
        Optional<Session> session = sessions.findByCallId(callId.get());
        if (session.isEmpty()) {
            return WebhookOutcome.ignored("no session has call " + callId.get());
        }
        boolean changed = joined
                ? presence.joined(callId.get(), userId, userSessionId, at)
                : presence.left(callId.get(), userId, userSessionId, at);
        return changed ? WebhookOutcome.changed("Recorded " + (joined ? "join" : "leave"))
                : WebhookOutcome.ignored("the session is not active or a newer event of this connection was recorded");
    }

    private WebhookOutcome ended(JsonNode event, String type, Deadline deadline) {
        Optional<String> callId = callId(event);
        if (callId.isEmpty()) {
            return WebhookOutcome.ignored("not a call Moduo makes");
        }
        Optional<Session> session = sessions.findByCallId(callId.get());
        if (session.isEmpty()) {
            return WebhookOutcome.ignored("no session has call " + callId.get());
        }
        // Mostly the echo of Moduo's own end (the session is completed before the call is ended).
        return ending.end(session.get(), EndReason.STREAM, deadline)
                .map(closed -> WebhookOutcome.changed("Session completed after " + type))
                .orElseGet(() -> WebhookOutcome.ignored("the session is not active"));
    }

    /**
     * The call id from {@code call_cid} ({@code <type>:<id>}), or from the {@code call} object of
     * events that carry one; empty for another call type.
     */
    static Optional<String> callId(JsonNode event) {
        String cid = text(event.path("call_cid"));
        if (cid == null) {
            cid = text(event.path("call").path("cid"));
        }
        if (cid == null) {
            String type = text(event.path("call").path("type"));
            String id = text(event.path("call").path("id"));
            if (type == null || id == null) {
                throw Refusal.badInput("call_cid is missing");
            }
            cid = type + ":" + id;
        }
        int colon = cid.indexOf(':');
        if (colon <= 0 || colon == cid.length() - 1) {
            throw Refusal.badInput("call_cid must be <type>:<id>");
        }
        if (!CALL_TYPE.equals(cid.substring(0, colon))) {
            return Optional.empty();
        }
        return Optional.of(cid.substring(colon + 1));
    }

    /** When the event happened; the time it arrived if Stream left it out. */
    private Instant createdAt(JsonNode event) {
        return time(event.get("created_at"), "created_at").orElseGet(clock::instant);
    }
}
