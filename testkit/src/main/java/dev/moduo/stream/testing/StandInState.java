package dev.moduo.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.testkit.TestJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What Stream would hold for the app: users, calls, channels and who is connected to which call.
 * Requests reaching it have passed {@link StandInRules}; what it refuses here (unknown users,
 * missing calls) are answers Stream gives to valid requests.
 */
final class StandInState {

    /** Stream keeps recording files two weeks (stream-permissions-recording.md §5). */
    static final long RECORDING_RETENTION_SECONDS = 14L * 24 * 3600;

    private final Map<String, UserData> users = new LinkedHashMap<>();
    private final Map<String, CallData> calls = new LinkedHashMap<>();
    private final Map<String, ChannelData> channels = new LinkedHashMap<>();
    private boolean refuseParticipantsWithoutSession;
    private StandInGrants callTypeGrants = StandInGrants.defaultCallType();
    private StandInGrants messagingGrants = StandInGrants.defaultMessagingType();
    private boolean guestUserCreationDisabled;
    private long typesUpdatedAt = now();
    private final StandInEvents events;
    private boolean holdRecordingUploads;
    private final List<String> recordingsLost = new ArrayList<>();

    StandInState(StandInEvents events) {
        this.events = events;
    }

    synchronized ObjectNode apply(StandInEndpoint endpoint, RecordedRequest request, StandInRules.Caller caller) {
        String op = endpoint.operation;
        String id = request.pathId();
        JsonNode body = request.body() == null ? TestJson.object() : request.body();
        return switch (endpoint) {
            case UPDATE_USERS -> upsertUsers(body);
            case DELETE_USERS -> deleteUsers(body);
            case GET_OR_CREATE_CALL -> getOrCreateCall(op, id, body.get("data"));
            case UPDATE_CALL_MEMBERS -> updateCallMembers(op, id, body);
            case END_CALL -> endCall(op, id);
            case DELETE_CALL -> deleteCall(op, id, body.path("hard").asBoolean(false));
            case QUERY_CALL_PARTICIPANTS -> queryParticipants(op, id, request.query().get("limit"));
            case GET_OR_CREATE_CHANNEL -> caller.isServer()
                    ? getOrCreateChannel(op, id, body.get("data"))
                    : watchChannel(op, id, caller.userId(), body.get("data"));
            case JOIN_CALL -> joinCall(op, id, caller.userId(), body);
            case START_RECORDING -> startRecording(op, id);
            case STOP_RECORDING -> stopRecording(op, id);
            case LIST_RECORDINGS -> listRecordings(op, id);
            case GET_CALL_TYPE -> callTypeJson(op, id);
            case UPDATE_CALL_TYPE -> updateCallType(op, id, body);
            case GET_CHANNEL_TYPE -> channelTypeJson(op, id);
            case UPDATE_CHANNEL_TYPE -> updateChannelType(op, id, body);
            case GET_APP -> appJson();
            case UPDATE_APP -> updateApp(body);
            case UPDATE_CHANNEL -> updateChannel(op, id, body);
            case DELETE_CHANNEL -> deleteChannel(op, id);
        };
    }

    // --- users

    private ObjectNode upsertUsers(JsonNode body) {
        ObjectNode answer = TestJson.object();
        ObjectNode answered = answer.putObject("users");
        body.get("users").fields().forEachRemaining(entry -> {
            JsonNode user = entry.getValue();
            // Stream replaces the whole user: fields left out are cleared.
            UserData data = new UserData(entry.getKey(), text(user, "name"), text(user, "image"),
                    Optional.ofNullable(text(user, "role")).orElse("user"), map(user.get("custom")));
            users.put(data.id, data);
            answered.set(data.id, userJson(data));
        });
        return answer;
    }

    private ObjectNode deleteUsers(JsonNode body) {
        Set<String> ids = new LinkedHashSet<>();
        body.get("user_ids").forEach(id -> ids.add(id.textValue()));
        // Unknown ids are not an error up front: Stream reports per-user results in the async task.
        ids.forEach(users::remove);
        if ("hard".equals(body.path("calls").asText())) {
            calls.values().stream()
                    .filter(call -> !call.deleted && call.members.size() == 2 && !Collections.disjoint(call.members.keySet(), ids))
                    .forEach(call -> call.delete(true));
        }
        if ("hard".equals(body.path("conversations").asText())) {
            channels.values().removeIf(channel -> channel.members.size() == 2 && !Collections.disjoint(channel.members, ids));
        }
        return TestJson.object().put("task_id", UUID.randomUUID().toString());
    }

    // --- calls

    private ObjectNode getOrCreateCall(String op, String id, JsonNode data) {
        CallData call = calls.get(id);
        boolean created = call == null || call.deleted;
        if (created) {
            String creator = creator(data);
            LinkedHashMap<String, String> members = new LinkedHashMap<>();
            for (JsonNode member : data.path("members")) {
                members.put(member.get("user_id").textValue(), text(member, "role"));
            }
            Set<String> involved = new LinkedHashSet<>(members.keySet());
            involved.add(creator);
            requireCallUsers(op, involved);
            call = new CallData(id, creator, members, map(data.get("custom")), map(data.get("settings_override")));
            calls.put(id, call);
        }
        ObjectNode answer = TestJson.object();
        answer.set("call", callJson(call));
        answer.put("created", created);
        answer.set("members", callMembersJson(call));
        answer.putArray("own_capabilities");
        return answer;
    }

    private ObjectNode updateCallMembers(String op, String id, JsonNode body) {
        CallData call = existingCall(op, id);
        List<JsonNode> updates = new ArrayList<>();
        body.path("update_members").forEach(updates::add);
        requireCallUsers(op, updates.stream().map(member -> member.get("user_id").textValue()).toList());
        for (JsonNode member : updates) {
            String userId = member.get("user_id").textValue();
            String role = member.has("role") ? member.get("role").textValue() : call.members.get(userId);
            call.members.put(userId, role);
        }
        body.path("remove_members").forEach(userId -> call.members.remove(userId.textValue()));
        ObjectNode answer = TestJson.object();
        answer.set("members", callMembersJson(call));
        return answer;
    }

    private ObjectNode endCall(String op, String id) {
        CallData call = existingCall(op, id);
        // Ending terminates the call for everyone, so nobody stays connected, and stops its recording.
        if (call.recording != null) {
            finishRecording(call);
        }
        new ArrayList<>(call.participants.keySet()).forEach(session -> participantLeft(call, session));
        boolean wasEnded = call.ended;
        call.ended = true;
        if (!wasEnded) {
            ObjectNode ended = events.event("call.ended", call.id);
            ended.set("call", callJson(call));
            events.emit(ended);
            if (call.reportableSessionId != null) {
                events.emit(statsReport(call));
            }
        }
        return TestJson.object();
    }

    private ObjectNode deleteCall(String op, String id, boolean hard) {
        CallData call = existingCall(op, id);
        ObjectNode answer = TestJson.object();
        answer.set("call", callJson(call));
        if (hard) {
            loseRecordings(call, "hard-deleted");
        }
        call.delete(hard);
        ObjectNode deleted = events.event("call.deleted", call.id);
        deleted.set("call", callJson(call));
        events.emit(deleted);
        if (hard) {
            answer.put("task_id", UUID.randomUUID().toString());
        }
        return answer;
    }

    private ObjectNode queryParticipants(String op, String id, String limit) {
        CallData call = existingCall(op, id);
        if (refuseParticipantsWithoutSession && call.participants.isEmpty()) {
            // Stream's answer to call operations that need a running session (StartRecording in
            // GetStream/stream-node __tests__/call.test.ts); whether this endpoint answers so is unconfirmed.
            throw StandInError.refusal(400, 4, op + " failed with error: \"there is no active session\"");
        }
        int max = limit == null ? 25 : Integer.parseInt(limit);
        ObjectNode answer = TestJson.object();
        ArrayNode participants = answer.putArray("participants");
        call.participants.entrySet().stream().limit(max).forEach(session -> {
            ObjectNode participant = participants.addObject();
            UserData user = users.get(session.getValue());
            participant.set("user", user == null ? TestJson.object().put("id", session.getValue()) : userJson(user));
            participant.put("user_session_id", session.getKey());
            participant.put("role", user == null ? "user" : user.role);
            participant.put("joined_at", now());
        });
        answer.put("total_participants", call.participants.size());
        answer.set("call", callJson(call));
        answer.set("members", callMembersJson(call));
        answer.putArray("own_capabilities");
        return answer;
    }

    private CallData existingCall(String op, String id) {
        CallData call = calls.get(id);
        if (call == null || call.deleted) {
            throw StandInError.refusal(404, 16, op + " failed with error: \"Can't find call with id default:" + id + "\"");
        }
        return call;
    }

    private void requireCallUsers(String op, Collection<String> ids) {
        List<String> missing = missingUsers(ids);
        if (!missing.isEmpty()) {
            throw StandInError.refusal(400, 4, op + " failed with error: \"Call members need to be existing users: "
                    + missing + "\"");
        }
    }

    // --- a call's sessions and recordings, and the events they send

    private void participantJoined(CallData call, String userSessionId, String userId) {
        if (call.callSessionId == null) {
            call.callSessionId = "call-session-" + UUID.randomUUID();
            call.reportableSessionId = call.callSessionId;
            ObjectNode started = events.event("call.session_started", call.id);
            started.put("session_id", call.callSessionId);
            started.set("call", callJson(call));
            events.emit(started);
        }
        long at = events.nowNanos();
        call.participants.put(userSessionId, userId);
        call.joinedAt.put(userSessionId, at);
        call.everJoined.add(userId);
        call.sessionsCount++;
        events.emit(participantEvent("call.session_participant_joined", call, userId, userSessionId, at));
    }

    /** A {@code call.session_participant_*} event of the call's current call session. */
    private ObjectNode participantEvent(String type, CallData call, String userId, String userSessionId, long joinedAt) {
        ObjectNode event = events.event(type, call.id);
        event.put("session_id", call.callSessionId);
        ObjectNode participant = event.putObject("participant");
        participant.set("user", creatorJson(userId));
        participant.put("user_session_id", userSessionId);
        participant.put("role", userRole(userId));
        participant.put("joined_at", joinedAt);
        return event;
    }

    private void participantLeft(CallData call, String userSessionId) {
        String userId = call.participants.remove(userSessionId);
        long joinedAt = call.joinedAt.remove(userSessionId);
        ObjectNode left = participantEvent("call.session_participant_left", call, userId, userSessionId, joinedAt);
        left.put("duration_seconds", (left.get("created_at").longValue() - joinedAt) / 1_000_000_000L);
        call.participantSeconds += (left.get("created_at").longValue() - joinedAt) / 1_000_000_000L;
        events.emit(left);
        if (call.participants.isEmpty()) {
            ObjectNode ended = events.event("call.session_ended", call.id);
            ended.put("session_id", call.callSessionId);
            ended.set("call", callJson(call));
            events.emit(ended);
            call.callSessionId = null;
        }
    }

    /**
     * SPEC StartRecording. Recording needs a running call session: with nobody in the call Stream answers 400,
     * code 4, {@code "there is no active session"} (GetStream/stream-node and stream-py tests). The answers to a
     * start while one runs and to a call whose recording mode is {@code disabled} are not documented; the
     * stand-in's are guesses in the same shape (400, code 4, a quoted reason).
     */
    private ObjectNode startRecording(String op, String id) {
        CallData call = existingCall(op, id);
        if ("disabled".equals(recordingMode(call))) {
            throw StandInError.refusal(400, 4, op + " failed with error: \"recording is disabled for this call\"");
        }
        if (call.participants.isEmpty()) {
            throw StandInError.refusal(400, 4, op + " failed with error: \"there is no active session\"");
        }
        if (call.recording != null) {
            throw StandInError.refusal(400, 4, op + " failed with error: \"call is already being recorded\"");
        }
        call.recording = new Egress("EG_" + UUID.randomUUID().toString().replace("-", ""), call.callSessionId,
                events.nowNanos());
        events.emit(recordingEvent("call.recording_started", call, call.recording));
        return TestJson.object();
    }

    /** SPEC StopRecording; with none running, 400, code 4, {@code "call egress is not running"} (stream-py's tests). */
    private ObjectNode stopRecording(String op, String id) {
        CallData call = existingCall(op, id);
        if (call.recording == null) {
            throw StandInError.refusal(400, 4, op + " failed with error: \"call egress is not running\"");
        }
        finishRecording(call);
        return TestJson.object();
    }

    /** SPEC ListRecordings: the call's files, each URL signed afresh and valid for two weeks. */
    private ObjectNode listRecordings(String op, String id) {
        CallData call = existingCall(op, id);
        ObjectNode answer = TestJson.object();
        var list = answer.putArray("recordings");
        long expires = events.nowNanos() / 1_000_000_000L + RECORDING_RETENTION_SECONDS;
        for (FileData file : call.files) {
            list.add(fileJson(file, expires));
        }
        return answer;
    }

    /** The egress stops; its file is uploaded at once, or held back until the test says ({@link #holdRecordingUploads}). */
    private void finishRecording(CallData call) {
        Egress egress = call.recording;
        call.recording = null;
        egress.stoppedAt = events.nowNanos();
        events.emit(recordingEvent("call.recording_stopped", call, egress));
        if (holdRecordingUploads) {
            call.uploading.add(egress);
        } else {
            recordingReady(call, egress);
        }
    }

    private void recordingReady(CallData call, Egress egress) {
        FileData file = new FileData("rec_" + call.id + "_" + egress.id + ".mp4", egress.callSessionId, egress.startedAt,
                egress.stoppedAt, events.nowNanos());
        call.files.add(file);
        ObjectNode ready = recordingEvent("call.recording_ready", call, egress);
        ready.set("call_recording", fileJson(file, events.nowNanos() / 1_000_000_000L + 900));
        events.emit(ready);
    }

    private ObjectNode recordingEvent(String type, CallData call, Egress egress) {
        ObjectNode event = events.event(type, call.id);
        event.put("egress_id", egress.id);
        event.put("recording_type", "composite");
        return event;
    }

    private static ObjectNode fileJson(FileData file, long expiresEpochSecond) {
        ObjectNode json = TestJson.object();
        json.put("filename", file.filename);
        json.put("url", "https://recordings.stand-in.invalid/" + file.filename + "?Expires=" + expiresEpochSecond
                + "&Signature=" + UUID.randomUUID());
        json.put("start_time", file.startTime);
        json.put("end_time", file.endTime);
        json.put("session_id", file.callSessionId);
        json.put("recording_type", "composite");
        return json;
    }

    /**
     * A hard delete wipes the call's recordings (stream-permissions-recording.md §5). Lost means a recording
     * still being written or uploaded, or a file within Stream's two weeks of retention: what a user could still
     * have had.
     */
    private void loseRecordings(CallData call, String how) {
        if (call.recording != null) {
            recordingsLost.add(call.id + ": recording " + call.recording.id + " still running when the call was " + how);
        }
        for (Egress egress : call.uploading) {
            recordingsLost.add(call.id + ": recording " + egress.id + " not yet uploaded when the call was " + how);
        }
        long now = events.nowNanos();
        for (FileData file : call.files) {
            if (now < file.readyAt + RECORDING_RETENTION_SECONDS * 1_000_000_000L) {
                recordingsLost.add(call.id + ": file " + file.filename + " within its retention when the call was " + how);
            }
        }
        call.recording = null;
        call.uploading.clear();
        call.files.clear();
    }

    private ObjectNode statsReport(CallData call) {
        ObjectNode report = events.event("call.stats_report_ready", call.id);
        report.put("session_id", call.reportableSessionId);
        ObjectNode counts = report.putObject("counts");
        counts.put("participants", call.everJoined.size());
        counts.put("sessions", call.sessionsCount);
        counts.put("publishers", call.everJoined.size());
        counts.put("peak_concurrent_users", call.everJoined.size());
        counts.put("cq_score", 90);
        counts.put("average_jitter_ms", 12.5);
        counts.put("average_latency_ms", 48.0);
        counts.put("max_freezes_duration_ms", 0);
        counts.put("total_participant_duration", call.participantSeconds);
        var overview = report.putArray("participants_overview");
        call.everJoined.forEach(userId -> overview.addObject().put("user_id", userId));
        report.put("is_trimmed", false);
        return report;
    }

    @SuppressWarnings("unchecked")
    private static String recordingMode(CallData call) {
        Object recording = call.settings.get("recording");
        return recording instanceof Map<?, ?> map && map.get("mode") instanceof String mode ? mode : "available";
    }

    // --- client-side: what a browser with a user token may do, judged by the grants

    /**
     * The JS SDK's {@code call.join({create})}. The caller's roles are its user role and, if it is a member,
     * its member role (no role given counts as {@code call_member}, Stream's undocumented default). An existing
     * call needs {@code join-call}; a missing one needs {@code create: true} and {@code create-call} and
     * {@code join-call} on the user role alone. Whether Stream also checks {@code create-call} when the call
     * exists is unconfirmed (stream-permissions-recording.md §1); the stand-in does not.
     */
    private ObjectNode joinCall(String op, String id, String userId, JsonNode body) {
        CallData call = calls.get(id);
        boolean create = call == null || call.deleted;
        if (create) {
            if (!body.path("create").asBoolean(false)) {
                throw StandInError.refusal(404, 16, op + " failed with error: \"Can't find call with id default:" + id + "\"");
            }
            List<String> roles = List.of(userRole(userId));
            requireCallGrant(op, userId, roles, "create-call", "CreateCall");
            requireCallGrant(op, userId, roles, "join-call", "JoinCall");
            call = new CallData(id, userId, new LinkedHashMap<>(), map(body.path("data").get("custom")), new LinkedHashMap<>());
            calls.put(id, call);
        }
        List<String> roles = callRoles(call, userId);
        requireCallGrant(op, userId, roles, "join-call", "JoinCall");
        if (call.ended) {
            requireCallGrant(op, userId, roles, "join-ended-call", "JoinEndedCall");
        }
        participantJoined(call, "session-" + UUID.randomUUID(), userId);
        ObjectNode answer = TestJson.object();
        answer.set("call", callJson(call));
        answer.put("created", create);
        answer.set("members", callMembersJson(call));
        ArrayNode capabilities = answer.putArray("own_capabilities");
        callTypeGrants.of(roles).forEach(capabilities::add);
        ObjectNode credentials = answer.putObject("credentials");
        credentials.putObject("server").put("url", "https://sfu.stand-in.invalid").put("edge_name", "stand-in");
        credentials.put("token", "stand-in-sfu-token");
        credentials.putArray("ice_servers");
        return answer;
    }

    /**
     * The chat SDK's {@code channel.watch()}: get-or-create with a user token. An existing channel needs
     * {@code read-channel} ({@code channel_member} for members) or, for its creator, {@code read-channel-owner};
     * a missing one needs {@code create-channel} on the user role, and the caller then owns it.
     */
    private ObjectNode watchChannel(String op, String id, String userId, JsonNode data) {
        ChannelData channel = channels.get(id);
        String role = userRole(userId);
        if (channel == null) {
            requireChannelGrant(op, userId, List.of(role), "create-channel", "CreateChannel");
            LinkedHashSet<String> members = new LinkedHashSet<>();
            if (data != null) {
                data.path("members").forEach(member -> members.add(member.get("user_id").textValue()));
            }
            channel = new ChannelData(id, userId, members, map(data == null ? null : data.get("custom")));
            channels.put(id, channel);
        } else {
            List<String> roles = new ArrayList<>(List.of(role));
            if (channel.members.contains(userId)) {
                roles.add("channel_member");
            }
            boolean owner = userId.equals(channel.createdBy) && messagingGrants.allows(roles, "read-channel-owner");
            if (!owner) {
                requireChannelGrant(op, userId, roles, "read-channel", "ReadChannel");
            }
        }
        ObjectNode answer = TestJson.object();
        answer.set("channel", channelJson(channel));
        answer.set("members", channelMembersJson(channel));
        answer.putArray("messages");
        answer.putArray("pinned_messages");
        answer.putArray("threads");
        return answer;
    }

    private String userRole(String userId) {
        UserData user = users.get(userId);
        return user == null ? "user" : user.role;
    }

    private List<String> callRoles(CallData call, String userId) {
        List<String> roles = new ArrayList<>(List.of(userRole(userId)));
        if (call.members.containsKey(userId)) {
            String memberRole = call.members.get(userId);
            roles.add(memberRole == null ? "call_member" : memberRole);
        }
        return roles;
    }

    private void requireCallGrant(String op, String userId, List<String> roles, String permission, String action) {
        if (!callTypeGrants.allows(roles, permission)) {
            throw notAllowed(op, userId, roles, action, "video:default");
        }
    }

    private void requireChannelGrant(String op, String userId, List<String> roles, String permission, String action) {
        if (!messagingGrants.allows(roles, permission)) {
            throw notAllowed(op, userId, roles, action, "messaging");
        }
    }

    /** 403, code 17, with the message seen in logs of real apps (its wording is unconfirmed in Stream's docs). */
    private static StandInError notAllowed(String op, String userId, List<String> roles, String action, String scope) {
        return StandInError.refusal(403, 17, op + " failed with error: \"User '" + userId + "' with role '" + roles.get(0)
                + "' is not allowed to perform action " + action + " in scope '" + scope + "'\"");
    }

    // --- call and channel types, app settings

    private ObjectNode callTypeJson(String op, String name) {
        requireType(op, name, "default", "call type");
        ObjectNode answer = TestJson.object();
        answer.put("name", "default");
        answer.set("grants", TestJson.MAPPER.valueToTree(callTypeGrants.snapshot()));
        ObjectNode settings = answer.putObject("settings");
        settings.putObject("screensharing").put("enabled", true).put("access_request_enabled", false);
        settings.putObject("recording").put("mode", "available").put("quality", "720p").put("audio_only", false);
        settings.putObject("backstage").put("enabled", false);
        answer.putObject("notification_settings").put("enabled", true);
        answer.put("created_at", typesUpdatedAt);
        answer.put("updated_at", typesUpdatedAt);
        return answer;
    }

    private ObjectNode updateCallType(String op, String name, JsonNode body) {
        requireType(op, name, "default", "call type");
        if (body.has("grants")) {
            callTypeGrants.replace(checkedGrants(op, callTypeGrants, body.get("grants")));
            typesUpdatedAt = now();
        }
        return callTypeJson(op, name);
    }

    private ObjectNode channelTypeJson(String op, String name) {
        requireType(op, name, "messaging", "channel type");
        ObjectNode answer = TestJson.object();
        answer.put("name", "messaging");
        answer.set("grants", TestJson.MAPPER.valueToTree(messagingGrants.snapshot()));
        answer.put("automod", "disabled");
        answer.put("automod_behavior", "flag");
        answer.put("max_message_length", 5000);
        answer.put("typing_events", true);
        answer.put("read_events", true);
        answer.put("uploads", true);
        answer.putArray("commands").add("giphy");
        answer.putArray("permissions");
        answer.put("created_at", typesUpdatedAt);
        answer.put("updated_at", typesUpdatedAt);
        return answer;
    }

    private ObjectNode updateChannelType(String op, String name, JsonNode body) {
        requireType(op, name, "messaging", "channel type");
        if (body.has("grants")) {
            messagingGrants.replace(checkedGrants(op, messagingGrants, body.get("grants")));
            typesUpdatedAt = now();
        }
        return channelTypeJson(op, name);
    }

    private ObjectNode appJson() {
        ObjectNode answer = TestJson.object();
        ObjectNode app = answer.putObject("app");
        app.put("name", "stand-in");
        app.put("guest_user_creation_disabled", guestUserCreationDisabled);
        app.put("disable_auth_checks", false);
        app.put("disable_permissions_checks", false);
        return answer;
    }

    private ObjectNode updateApp(JsonNode body) {
        if (body.has("guest_user_creation_disabled")) {
            guestUserCreationDisabled = body.get("guest_user_creation_disabled").booleanValue();
        }
        return TestJson.object();
    }

    private static void requireType(String op, String name, String known, String what) {
        if (!known.equals(name)) {
            throw StandInError.refusal(404, 16, op + " failed with error: \"" + what + " " + name + " does not exist\"");
        }
    }

    /** Permission ids Stream does not know (a capability name such as start-record-call, a typo) are refused. */
    private static Map<String, List<String>> checkedGrants(String op, StandInGrants grants, JsonNode json) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        json.fields().forEachRemaining(role -> {
            List<String> permissions = new ArrayList<>();
            role.getValue().forEach(permission -> permissions.add(permission.textValue()));
            List<String> unknown = grants.unknown(permissions);
            if (!unknown.isEmpty()) {
                throw StandInError.invalid(op, "grants." + role.getKey() + " has unknown permission ids " + unknown);
            }
            roles.put(role.getKey(), permissions);
        });
        return roles;
    }

    // --- channels

    private ObjectNode getOrCreateChannel(String op, String id, JsonNode data) {
        ChannelData channel = channels.get(id);
        if (channel == null) {
            String creator = creator(data);
            LinkedHashSet<String> members = new LinkedHashSet<>();
            data.path("members").forEach(member -> members.add(member.get("user_id").textValue()));
            Set<String> involved = new LinkedHashSet<>(members);
            involved.add(creator);
            requireChannelUsers(op, "create", involved);
            channel = new ChannelData(id, creator, members, map(data.get("custom")));
            channels.put(id, channel);
        }
        ObjectNode answer = TestJson.object();
        answer.set("channel", channelJson(channel));
        answer.set("members", channelMembersJson(channel));
        answer.putArray("messages");
        answer.putArray("pinned_messages");
        answer.putArray("threads");
        return answer;
    }

    private ObjectNode updateChannel(String op, String id, JsonNode body) {
        ChannelData channel = existingChannel(op, id);
        List<String> added = new ArrayList<>();
        body.path("add_members").forEach(member -> added.add(member.get("user_id").textValue()));
        requireChannelUsers(op, "update", added);
        channel.members.addAll(added);
        body.path("remove_members").forEach(userId -> channel.members.remove(userId.textValue()));
        if (body.has("data")) {
            // A full update: custom data left out of it is deleted.
            channel.custom = map(body.get("data").get("custom"));
        }
        ObjectNode answer = TestJson.object();
        answer.set("channel", channelJson(channel));
        answer.set("members", channelMembersJson(channel));
        return answer;
    }

    private ObjectNode deleteChannel(String op, String id) {
        ChannelData channel = existingChannel(op, id);
        channels.remove(id);
        ObjectNode answer = TestJson.object();
        answer.set("channel", channelJson(channel));
        return answer;
    }

    private ChannelData existingChannel(String op, String id) {
        ChannelData channel = channels.get(id);
        if (channel == null) {
            throw StandInError.refusal(404, 16, op + " failed with error: \"Can't find channel with id messaging:" + id + "\"");
        }
        return channel;
    }

    private void requireChannelUsers(String op, String operationKind, Collection<String> ids) {
        List<String> missing = missingUsers(ids);
        if (!missing.isEmpty()) {
            throw StandInError.refusal(400, 4, op + " failed with error: \"The following users are involved in channel "
                    + operationKind + " operation, but don't exist: " + missing
                    + ". Please create the user objects before setting up the channel.\"");
        }
    }

    // --- test API

    synchronized void seedUser(String id, String name, String image) {
        users.put(id, new UserData(id, name, image, "user", Map.of()));
    }

    synchronized void connect(String callId, String userId, String sessionId) {
        CallData call = calls.get(callId);
        if (call == null || call.deleted || call.ended) {
            throw new IllegalStateException("Call " + callId + " does not exist, is deleted or has ended: nobody can join it");
        }
        participantJoined(call, sessionId, userId);
    }

    synchronized Map<String, List<String>> callTypeGrants() {
        return callTypeGrants.snapshot();
    }

    synchronized Map<String, List<String>> messagingGrants() {
        return messagingGrants.snapshot();
    }

    synchronized boolean guestUserCreationDisabled() {
        return guestUserCreationDisabled;
    }

    synchronized void presetCallTypeGrants(String role, List<String> permissions) {
        callTypeGrants.replace(Map.of(role, permissions));
    }

    synchronized void presetMessagingGrants(String role, List<String> permissions) {
        messagingGrants.replace(Map.of(role, permissions));
    }

    synchronized void refuseParticipantsWithoutSession(boolean on) {
        refuseParticipantsWithoutSession = on;
    }

    synchronized void disconnect(String callId, String sessionId) {
        CallData call = calls.get(callId);
        if (call != null && call.participants.containsKey(sessionId)) {
            participantLeft(call, sessionId);
        }
    }

    synchronized void holdRecordingUploads(boolean on) {
        holdRecordingUploads = on;
    }

    /** Every upload held back finishes now: {@code call.recording_ready} with its file, or {@code _failed}. */
    synchronized void finishRecordingUploads(boolean succeed) {
        for (CallData call : calls.values()) {
            for (Egress egress : List.copyOf(call.uploading)) {
                call.uploading.remove(egress);
                if (succeed) {
                    recordingReady(call, egress);
                } else {
                    ObjectNode failed = recordingEvent("call.recording_failed", call, egress);
                    events.emit(failed);
                }
            }
        }
    }

    synchronized List<String> recordingsLost() {
        return List.copyOf(recordingsLost);
    }

    synchronized Optional<StandInUser> user(String id) {
        return Optional.ofNullable(users.get(id)).map(UserData::snapshot);
    }

    synchronized List<StandInUser> users() {
        return users.values().stream().map(UserData::snapshot).toList();
    }

    synchronized Optional<StandInCall> call(String id) {
        return Optional.ofNullable(calls.get(id)).map(CallData::snapshot);
    }

    synchronized List<StandInCall> calls() {
        return calls.values().stream().map(CallData::snapshot).toList();
    }

    synchronized Optional<StandInChannel> channel(String id) {
        return Optional.ofNullable(channels.get(id)).map(ChannelData::snapshot);
    }

    synchronized List<StandInChannel> channels() {
        return channels.values().stream().map(ChannelData::snapshot).toList();
    }

    synchronized void clear() {
        refuseParticipantsWithoutSession = false;
        holdRecordingUploads = false;
        recordingsLost.clear();
        events.clear();
        callTypeGrants = StandInGrants.defaultCallType();
        messagingGrants = StandInGrants.defaultMessagingType();
        guestUserCreationDisabled = false;
        users.clear();
        calls.clear();
        channels.clear();
    }

    // --- helpers

    private List<String> missingUsers(Collection<String> ids) {
        return ids.stream().filter(id -> !users.containsKey(id)).distinct().toList();
    }

    private static String creator(JsonNode data) {
        String id = text(data, "created_by_id");
        return id != null ? id : data.get("created_by").get("id").textValue();
    }

    private ObjectNode userJson(UserData user) {
        ObjectNode json = TestJson.object();
        json.put("id", user.id);
        if (user.name != null) {
            json.put("name", user.name);
        }
        if (user.image != null) {
            json.put("image", user.image);
        }
        json.put("role", user.role);
        json.set("custom", TestJson.MAPPER.valueToTree(user.custom));
        json.put("banned", false);
        json.put("online", false);
        json.put("created_at", user.createdAt);
        json.put("updated_at", user.createdAt);
        return json;
    }

    private ObjectNode creatorJson(String id) {
        UserData user = users.get(id);
        return user == null ? TestJson.object().put("id", id) : userJson(user);
    }

    private ObjectNode callJson(CallData call) {
        ObjectNode json = TestJson.object();
        json.put("type", "default");
        json.put("id", call.id);
        json.put("cid", "default:" + call.id);
        json.set("created_by", creatorJson(call.createdBy));
        json.set("custom", TestJson.MAPPER.valueToTree(call.custom));
        json.put("created_at", call.createdAt);
        json.put("updated_at", call.createdAt);
        if (call.ended) {
            json.put("ended_at", now());
        }
        json.put("current_session_id", call.callSessionId == null ? "" : call.callSessionId);
        json.put("backstage", false);
        json.putArray("blocked_user_ids");
        json.put("captioning", false);
        json.put("recording", call.recording != null);
        json.put("transcribing", false);
        json.put("translating", false);
        json.set("settings", TestJson.MAPPER.valueToTree(call.settings));
        return json;
    }

    private ArrayNode callMembersJson(CallData call) {
        ArrayNode members = TestJson.MAPPER.createArrayNode();
        call.members.forEach((userId, role) -> {
            ObjectNode member = members.addObject();
            member.put("user_id", userId);
            member.set("user", creatorJson(userId));
            member.put("role", role == null ? "user" : role);
            member.putObject("custom");
            member.put("created_at", call.createdAt);
            member.put("updated_at", call.createdAt);
        });
        return members;
    }

    private ObjectNode channelJson(ChannelData channel) {
        ObjectNode json = TestJson.object();
        json.put("id", channel.id);
        json.put("type", "messaging");
        json.put("cid", "messaging:" + channel.id);
        json.set("custom", TestJson.MAPPER.valueToTree(channel.custom));
        json.set("created_by", creatorJson(channel.createdBy));
        json.put("created_at", channel.createdAt);
        json.put("updated_at", channel.createdAt);
        json.put("disabled", false);
        json.put("frozen", false);
        json.put("member_count", channel.members.size());
        return json;
    }

    private ArrayNode channelMembersJson(ChannelData channel) {
        ArrayNode members = TestJson.MAPPER.createArrayNode();
        for (String userId : channel.members) {
            ObjectNode member = members.addObject();
            member.put("user_id", userId);
            member.set("user", creatorJson(userId));
            member.put("channel_role", "channel_member");
            member.put("banned", false);
            member.put("shadow_banned", false);
            member.put("notifications_muted", false);
            member.putObject("custom");
            member.put("created_at", channel.createdAt);
            member.put("updated_at", channel.createdAt);
        }
        return members;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new LinkedHashMap<>();
        }
        return TestJson.MAPPER.convertValue(node, LinkedHashMap.class);
    }

    /** Stream's v2 API sends timestamps as Unix nanoseconds. */
    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private static final class UserData {
        final String id;
        final String name;
        final String image;
        final String role;
        final Map<String, Object> custom;
        final long createdAt = now();

        UserData(String id, String name, String image, String role, Map<String, Object> custom) {
            this.id = id;
            this.name = name;
            this.image = image;
            this.role = role;
            this.custom = custom;
        }

        StandInUser snapshot() {
            return new StandInUser(id, name, image, role, Collections.unmodifiableMap(new LinkedHashMap<>(custom)));
        }
    }

    private static final class CallData {
        final String id;
        final String createdBy;
        final LinkedHashMap<String, String> members;
        final Map<String, Object> custom;
        final Map<String, Object> settings;
        final LinkedHashMap<String, String> participants = new LinkedHashMap<>();
        final Map<String, Long> joinedAt = new LinkedHashMap<>();
        final Set<String> everJoined = new LinkedHashSet<>();
        final List<Egress> uploading = new ArrayList<>();
        final List<FileData> files = new ArrayList<>();
        final long createdAt = now();
        String callSessionId;
        /** The last call session that ran, which the stats report is about. */
        String reportableSessionId;
        int sessionsCount;
        long participantSeconds;
        Egress recording;
        boolean ended;
        boolean deleted;
        boolean hardDeleted;

        CallData(String id, String createdBy, LinkedHashMap<String, String> members, Map<String, Object> custom,
                 Map<String, Object> settings) {
            this.id = id;
            this.createdBy = createdBy;
            this.members = members;
            this.custom = custom;
            this.settings = settings;
        }

        void delete(boolean hard) {
            deleted = true;
            hardDeleted = hard;
            participants.clear();
            joinedAt.clear();
            callSessionId = null;
        }

        StandInCall snapshot() {
            List<StandInCall.Member> memberList = new ArrayList<>();
            members.forEach((userId, role) -> memberList.add(new StandInCall.Member(userId, role)));
            List<StandInParticipant> connected = new ArrayList<>();
            participants.forEach((session, userId) -> connected.add(new StandInParticipant(userId, session)));
            return new StandInCall(id, createdBy, List.copyOf(memberList),
                    Collections.unmodifiableMap(new LinkedHashMap<>(custom)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(settings)),
                    ended, deleted, hardDeleted, List.copyOf(connected));
        }
    }

    /** One recording (Stream calls it an egress) of a call. */
    private static final class Egress {
        final String id;
        final String callSessionId;
        final long startedAt;
        long stoppedAt;

        Egress(String id, String callSessionId, long startedAt) {
            this.id = id;
            this.callSessionId = callSessionId;
            this.startedAt = startedAt;
        }
    }

    private record FileData(String filename, String callSessionId, long startTime, long endTime, long readyAt) {
    }

    private static final class ChannelData {
        final String id;
        final String createdBy;
        final LinkedHashSet<String> members;
        final long createdAt = now();
        Map<String, Object> custom;

        ChannelData(String id, String createdBy, LinkedHashSet<String> members, Map<String, Object> custom) {
            this.id = id;
            this.createdBy = createdBy;
            this.members = members;
            this.custom = custom;
        }

        StandInChannel snapshot() {
            Object name = custom.get("name");
            return new StandInChannel(id, createdBy, List.copyOf(members), name instanceof String text ? text : null,
                    Collections.unmodifiableMap(new LinkedHashMap<>(custom)));
        }
    }
}
