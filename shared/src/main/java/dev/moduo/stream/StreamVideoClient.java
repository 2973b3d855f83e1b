package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Stream Video calls, all of call type {@code default}. Members must exist as Stream users first. */
@Singleton
public class StreamVideoClient {

    static final String CALL_TYPE = "default";
    /** The creator runs the interview, so it gets the call's full capabilities. */
    static final String CREATOR_ROLE = "admin";
    /**
     * Sent explicitly because Stream's default member role is undocumented; the room lock
     * ({@link StreamAppSetup}) gives this role {@code join-call} on {@code default} and takes it from {@code user}.
     */
    static final String MEMBER_ROLE = "call_member";
    static final int PARTICIPANT_LIMIT = 100;
    static final String NO_ACTIVE_SESSION = "there is no active session";

    private final StreamHttp http;

    public StreamVideoClient(StreamHttp http) {
        this.http = http;
    }

    /**
     * Creates the call, or leaves an existing one as it is. The creator is always a member; screen
     * sharing is on and recording may be started (it is not started automatically).
     */
    public void getOrCreateCall(String callId, String createdById, List<String> memberIds,
                                Map<String, Object> custom, Deadline deadline) {
        StreamIds.userId(createdById);
        ObjectNode data = Json.object();
        data.put("created_by_id", createdById);
        ArrayNode members = data.putArray("members");
        members.addObject().put("user_id", createdById).put("role", CREATOR_ROLE);
        for (String memberId : others(memberIds, createdById)) {
            members.addObject().put("user_id", memberId).put("role", MEMBER_ROLE);
        }
        if (members.size() > StreamIds.MAX_BATCH) {
            throw new IllegalArgumentException("A Stream call takes at most " + StreamIds.MAX_BATCH + " members at creation");
        }
        data.set("custom", Json.MAPPER.valueToTree(custom == null ? Map.of() : custom));
        ObjectNode settings = data.putObject("settings_override");
        settings.putObject("screensharing").put("enabled", true);
        settings.putObject("recording").put("mode", "available");
        ObjectNode body = Json.object();
        body.set("data", data);
        http.send(StreamRequest.post("GetOrCreateCall", callPath(callId), body), deadline);
    }

    public void addCallMembers(String callId, List<String> userIds, Deadline deadline) {
        for (List<String> batch : StreamIds.batches(StreamIds.distinctUserIds(userIds))) {
            ObjectNode body = Json.object();
            ArrayNode members = body.putArray("update_members");
            batch.forEach(id -> members.addObject().put("user_id", id).put("role", MEMBER_ROLE));
            http.send(StreamRequest.post("UpdateCallMembers", callPath(callId) + "/members", body), deadline);
        }
    }

    /** Ends the call for everyone. A call Stream does not know has nothing left to end. */
    public void markCallEnded(String callId, Deadline deadline) {
        // The spec's EndCall takes no body.
        http.sendUnlessMissing(StreamRequest.post("EndCall", callPath(callId) + "/mark_ended", null), deadline);
    }

    /**
     * Hard-deletes the call with its sessions and recordings (Stream finishes that asynchronously).
     * A call Stream does not know is already gone.
     */
    public void deleteCall(String callId, Deadline deadline) {
        ObjectNode body = Json.object().put("hard", true);
        http.sendUnlessMissing(StreamRequest.post("DeleteCall", callPath(callId) + "/delete", body), deadline);
    }

    /**
     * Who is connected now, at most {@value #PARTICIPANT_LIMIT}; none if Stream does not know the call
     * or says the call has no active session.
     */
    public List<CallParticipant> queryParticipants(String callId, Deadline deadline) {
        StreamRequest request = StreamRequest.post("QueryCallParticipants", callPath(callId) + "/participants", Json.object())
                .withQuery(Map.of("limit", Integer.toString(PARTICIPANT_LIMIT)));
        JsonNode answer;
        try {
            answer = http.send(request, deadline);
        } catch (StreamException e) {
            if (e.isNotFound() || isNoActiveSession(e)) {
                return List.of();
            }
            throw e;
        }
        List<CallParticipant> participants = new ArrayList<>();
        for (JsonNode participant : answer.path("participants")) {
            String userId = participant.path("user").path("id").asText(null);
            String sessionId = participant.path("user_session_id").asText(null);
            if (userId != null && sessionId != null) {
                participants.add(new CallParticipant(userId, sessionId));
            }
        }
        return List.copyOf(participants);
    }

    /**
     * Stream refuses operations that need a running call session with 400, code 4 (InputError) and
     * {@code <Operation> failed with error: "there is no active session"} (StartRecording in
     * GetStream/stream-node {@code __tests__/call.test.ts}). Nobody connected means no session, so for
     * the participants query that answer means "nobody" (deploy audit R3: whether this endpoint answers
     * so is unconfirmed). Only that answer: any other 400 is a request Stream refused, and stays one.
     */
    static boolean isNoActiveSession(StreamException e) {
        return e.streamHttpStatus() == 400
                && Integer.valueOf(4).equals(e.streamCode())
                && e.streamMessage() != null
                && e.streamMessage().contains(NO_ACTIVE_SESSION);
    }

    private static String callPath(String callId) {
        return "/api/v2/video/call/" + CALL_TYPE + "/" + StreamIds.pathId("Call", callId);
    }

    private static Set<String> others(List<String> memberIds, String createdById) {
        Set<String> others = new LinkedHashSet<>(StreamIds.distinctUserIds(memberIds));
        others.remove(createdById);
        return others;
    }
}
