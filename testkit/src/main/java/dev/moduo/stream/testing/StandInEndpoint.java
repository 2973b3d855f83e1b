package dev.moduo.stream.testing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalogue endpoints (stream-rest-api.md §8) the Moduo client uses, by Stream operationId. */
enum StandInEndpoint {
    UPDATE_USERS("UpdateUsers", "POST", "/api/v2/users", 201),
    DELETE_USERS("DeleteUsers", "POST", "/api/v2/users/delete", 201),
    GET_OR_CREATE_CALL("GetOrCreateCall", "POST", "/api/v2/video/call/default/{id}", 201),
    UPDATE_CALL_MEMBERS("UpdateCallMembers", "POST", "/api/v2/video/call/default/{id}/members", 201),
    END_CALL("EndCall", "POST", "/api/v2/video/call/default/{id}/mark_ended", 201),
    DELETE_CALL("DeleteCall", "POST", "/api/v2/video/call/default/{id}/delete", 201),
    QUERY_CALL_PARTICIPANTS("QueryCallParticipants", "POST", "/api/v2/video/call/default/{id}/participants", 201),
    GET_OR_CREATE_CHANNEL("GetOrCreateChannel", "POST", "/api/v2/chat/channels/messaging/{id}/query", 201),
    UPDATE_CHANNEL("UpdateChannel", "POST", "/api/v2/chat/channels/messaging/{id}", 201),
    DELETE_CHANNEL("DeleteChannel", "DELETE", "/api/v2/chat/channels/messaging/{id}", 200),
    GET_CALL_TYPE("GetCallType", "GET", "/api/v2/video/calltypes/{id}", 200),
    UPDATE_CALL_TYPE("UpdateCallType", "PUT", "/api/v2/video/calltypes/{id}", 201),
    GET_CHANNEL_TYPE("GetChannelType", "GET", "/api/v2/chat/channeltypes/{id}", 200),
    UPDATE_CHANNEL_TYPE("UpdateChannelType", "PUT", "/api/v2/chat/channeltypes/{id}", 201),
    GET_APP("GetApp", "GET", "/api/v2/app", 200),
    UPDATE_APP("UpdateApp", "PATCH", "/api/v2/app", 201),
    START_RECORDING("StartRecording", "POST", "/api/v2/video/call/default/{id}/recordings/composite/start", 201),
    STOP_RECORDING("StopRecording", "POST", "/api/v2/video/call/default/{id}/recordings/composite/stop", 201),
    LIST_RECORDINGS("ListRecordings", "GET", "/api/v2/video/call/default/{id}/recordings", 200),
    /** Client-side (a user token): what the JS SDK's {@code call.join()} posts (VJS {@code Call.ts doJoinRequest}). */
    JOIN_CALL("JoinCall", "POST", "/api/v2/video/call/default/{id}/join", 201);

    final String operation;
    final String method;
    final int successStatus;
    private final Pattern path;

    StandInEndpoint(String operation, String method, String template, int successStatus) {
        this.operation = operation;
        this.method = method;
        this.successStatus = successStatus;
        this.path = Pattern.compile(Pattern.quote(template).replace("{id}", "\\E([^/]+)\\Q"));
    }

    /** Whether a user token may call it: JoinCall only with one, GetOrCreateChannel (the SDK's watch()) with either. */
    boolean acceptsUserToken() {
        return this == JOIN_CALL || this == GET_OR_CREATE_CHANNEL;
    }

    boolean acceptsServerToken() {
        return this != JOIN_CALL;
    }

    /** The endpoint at {@code path} for {@code method}, with the id the path carries (or null). */
    static Optional<Match> find(String method, String path) {
        for (StandInEndpoint endpoint : values()) {
            Matcher matcher = endpoint.path.matcher(path);
            if (endpoint.method.equals(method) && matcher.matches()) {
                return Optional.of(new Match(endpoint, matcher.groupCount() > 0 ? matcher.group(1) : null));
            }
        }
        return Optional.empty();
    }

    record Match(StandInEndpoint endpoint, String id) {
    }
}
