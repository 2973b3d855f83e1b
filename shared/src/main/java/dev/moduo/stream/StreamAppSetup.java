package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The room lock: sets the Stream app up so that Stream itself, not only MongoDB, keeps a session's call
 * and channel to its two members (stream-permissions-recording.md, "What a backend must do"). With Stream's
 * defaults the {@code user} role may join, create and end any {@code default} call whose id it knows, guests
 * may do the same, and any user may (re)create {@code messaging:<id>}.
 *
 * <p>Read-modify-write: each type's grants are read, and only the roles below are edited: grants are taken
 * from {@code user} and {@code guest}, and added to the member roles. Nothing is ever added to a non-member
 * role nor taken from a member role, so a stricter configuration stays as strict. A type is written only
 * when something changed, so a second run sends no write and reports no change. Stream replaces the list
 * of each role it is sent, so the PUT carries every role's full list as read (edited ones edited).
 *
 * <p>Server-side requests skip permission checks, which is why the backend can still create calls and
 * channels after {@code create-call}/{@code create-channel} are taken from {@code user}.
 */
@Singleton
public class StreamAppSetup {

    static final String CALL_TYPE_PATH = "/api/v2/video/calltypes/" + StreamVideoClient.CALL_TYPE;
    static final String CHANNEL_TYPE_PATH = "/api/v2/chat/channeltypes/" + StreamChatClient.CHANNEL_TYPE;
    static final String APP_PATH = "/api/v2/app";
    static final String CALL_SCOPE = "video:" + StreamVideoClient.CALL_TYPE;
    static final String CHANNEL_SCOPE = StreamChatClient.CHANNEL_TYPE;
    /** UpdateChannelType requires these three even when only grants change (SPEC UpdateChannelTypeRequest). */
    static final List<String> CHANNEL_TYPE_REQUIRED = List.of("automod", "automod_behavior", "max_message_length");

    /**
     * Taken from non-members: joining or creating, rejoining an ended call, editing the member list (a non-member
     * could otherwise add itself), ending the call for everyone, and recording, transcribing or broadcasting it.
     * The participant's app role is {@code user} too, so this also keeps recording to the host's call role: only
     * the host records an interview (stream-permissions-recording.md §3, "end-call and start-recording").
     */
    static final List<String> NON_MEMBER_CALL_GRANTS_REMOVED = List.of(
            "join-call", "create-call", "join-ended-call", "update-call-member", "remove-call-member", "end-call",
            "start-recording", "stop-recording", "start-transcription", "stop-transcription", "start-broadcasting",
            "stop-broadcasting");
    /**
     * What a participant does in the interview. {@code create-call} is a hedge: whether Stream checks it when
     * the client joins an existing call with {@code create: true} is unconfirmed; a member role only applies
     * to a call that exists, so it never lets anyone create one.
     */
    static final List<String> MEMBER_CALL_GRANTS = List.of(
            "join-call", "read-call", "send-audio", "send-video", "screenshare", "send-event", "create-call-reaction",
            "create-call");
    /** The host's call role ({@link StreamVideoClient#CREATOR_ROLE}) runs the interview: it ends it, shares, records. */
    static final List<String> HOST_CALL_GRANTS = List.of(
            "join-call", "read-call", "send-audio", "send-video", "screenshare", "send-event", "create-call",
            "end-call", "start-recording", "stop-recording", "list-recordings");
    static final List<String> NON_MEMBER_CHANNEL_GRANTS_REMOVED = List.of("create-channel");
    /**
     * {@code create-channel} on the member role is the same hedge as for calls: whether {@code watch()} on an
     * existing channel also checks CreateChannel is unconfirmed, and a channel role never applies to a
     * channel that does not exist.
     */
    static final List<String> MEMBER_CHANNEL_GRANTS = List.of("read-channel", "create-message", "create-channel");

    private static final List<RolePolicy> CALL_POLICY = List.of(
            RolePolicy.without("user", NON_MEMBER_CALL_GRANTS_REMOVED),
            RolePolicy.without("guest", NON_MEMBER_CALL_GRANTS_REMOVED),
            RolePolicy.with(StreamVideoClient.MEMBER_ROLE, MEMBER_CALL_GRANTS),
            RolePolicy.with(StreamVideoClient.CREATOR_ROLE, HOST_CALL_GRANTS));
    private static final List<RolePolicy> CHANNEL_POLICY = List.of(
            RolePolicy.without("user", NON_MEMBER_CHANNEL_GRANTS_REMOVED),
            RolePolicy.with("channel_member", MEMBER_CHANNEL_GRANTS));

    private final StreamHttp http;

    public StreamAppSetup(StreamHttp http) {
        this.http = http;
    }

    /**
     * Reads the app, the call type and the channel type, then writes what must change. A failure throws with
     * Stream's answer; what was written before it stays written (each write is whole), and a rerun finishes.
     */
    public StreamAppSetupReport run(Deadline deadline) {
        JsonNode callType = http.send(StreamRequest.get("GetCallType", CALL_TYPE_PATH), deadline);
        JsonNode channelType = http.send(StreamRequest.get("GetChannelType", CHANNEL_TYPE_PATH), deadline);
        JsonNode app = http.send(StreamRequest.get("GetApp", APP_PATH), deadline);

        Map<String, List<String>> callGrants = grants("GetCallType", callType);
        List<StreamAppSetupReport.GrantChange> callChanges = apply(CALL_SCOPE, CALL_POLICY, callGrants);
        Map<String, List<String>> channelGrants = grants("GetChannelType", channelType);
        List<StreamAppSetupReport.GrantChange> channelChanges = apply(CHANNEL_SCOPE, CHANNEL_POLICY, channelGrants);
        boolean guestsAlreadyOff = app.path("app").path("guest_user_creation_disabled").asBoolean(false);

        if (!callChanges.isEmpty()) {
            ObjectNode body = Json.object();
            body.set("grants", grantsJson(callGrants));
            http.send(StreamRequest.put("UpdateCallType", CALL_TYPE_PATH, body), deadline);
        }
        if (!channelChanges.isEmpty()) {
            ObjectNode body = Json.object();
            for (String field : CHANNEL_TYPE_REQUIRED) {
                JsonNode value = channelType.get(field);
                if (value == null || value.isNull()) {
                    throw new StreamException(false, "Stream GetChannelType answered without " + field
                            + ", which UpdateChannelType requires back", null);
                }
                body.set(field, value);
            }
            body.set("grants", grantsJson(channelGrants));
            http.send(StreamRequest.put("UpdateChannelType", CHANNEL_TYPE_PATH, body), deadline);
        }
        if (!guestsAlreadyOff) {
            http.send(StreamRequest.patch("UpdateApp", APP_PATH, Json.object().put("guest_user_creation_disabled", true)),
                    deadline);
        }
        List<StreamAppSetupReport.GrantChange> changes = new ArrayList<>(callChanges);
        changes.addAll(channelChanges);
        return new StreamAppSetupReport(changes, !guestsAlreadyOff);
    }

    /** Edits {@code grants} in place by the policy; returns what changed, per role. */
    static List<StreamAppSetupReport.GrantChange> apply(String scope, List<RolePolicy> policy,
                                                        Map<String, List<String>> grants) {
        List<StreamAppSetupReport.GrantChange> changes = new ArrayList<>();
        for (RolePolicy role : policy) {
            List<String> current = grants.get(role.role());
            if (current == null && role.add().isEmpty()) {
                continue;
            }
            LinkedHashSet<String> edited = new LinkedHashSet<>(current == null ? List.of() : current);
            List<String> removed = role.remove().stream().filter(edited::remove).toList();
            List<String> added = role.add().stream().filter(edited::add).toList();
            if (!removed.isEmpty() || !added.isEmpty()) {
                grants.put(role.role(), List.copyOf(edited));
                changes.add(new StreamAppSetupReport.GrantChange(scope, role.role(), added, removed));
            }
        }
        return changes;
    }

    private static Map<String, List<String>> grants(String operation, JsonNode type) {
        JsonNode grants = type.get("grants");
        if (grants == null || !grants.isObject()) {
            throw new StreamException(false, "Stream " + operation + " answered without a grants object", null);
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> roles = grants.fields(); roles.hasNext(); ) {
            Map.Entry<String, JsonNode> role = roles.next();
            List<String> permissions = new ArrayList<>();
            role.getValue().forEach(permission -> permissions.add(permission.asText()));
            result.put(role.getKey(), permissions);
        }
        return result;
    }

    private static ObjectNode grantsJson(Map<String, List<String>> grants) {
        ObjectNode json = Json.object();
        grants.forEach((role, permissions) -> {
            ArrayNode list = json.putArray(role);
            permissions.forEach(list::add);
        });
        return json;
    }

    /** What the lock wants of one role: grants it must not have, grants it must have. */
    record RolePolicy(String role, Set<String> remove, Set<String> add) {

        static RolePolicy without(String role, List<String> grants) {
            return new RolePolicy(role, new LinkedHashSet<>(grants), Set.of());
        }

        static RolePolicy with(String role, List<String> grants) {
            return new RolePolicy(role, Set.of(), new LinkedHashSet<>(grants));
        }
    }
}
