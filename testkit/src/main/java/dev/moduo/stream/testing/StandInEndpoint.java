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
    DELETE_CHANNEL("DeleteChannel", "DELETE", "/api/v2/chat/channels/messaging/{id}", 200);

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
