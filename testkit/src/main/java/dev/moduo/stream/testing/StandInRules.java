package dev.moduo.stream.testing;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Stream's server-side API requires of a request (stream-rest-api.md §1.2, §3-§5, §8), checked
 * before the stand-in acts on it. Every failure here is a client bug: a violation.
 */
final class StandInRules {

    static final int MAX_BATCH = 100;
    private static final Pattern USER_ID = Pattern.compile("[@\\w-]{1,255}");
    private static final Pattern CHANNEL_ID = Pattern.compile("[\\w-]{1,64}");
    private static final Set<String> RECORDING_MODES = Set.of("available", "disabled", "auto-on");
    private static final Set<String> USER_DELETE_MODES = Set.of("soft", "pruning", "hard");
    private static final Set<String> CONVERSATION_DELETE_MODES = Set.of("soft", "hard");

    private final String apiKey;
    private final JWTVerifier verifier;

    StandInRules(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.verifier = JWT.require(Algorithm.HMAC256(apiSecret)).build();
    }

    /** Who a request is from: the backend (a server token) or a user (a user token, as the browser SDK sends). */
    record Caller(String userId) {
        static final Caller SERVER = new Caller(null);

        boolean isServer() {
            return userId == null;
        }
    }

    /**
     * §1.2: api_key, a bare HS256 JWT (a server token, or a user token with {@code user_id}), Stream-Auth-Type
     * jwt, JSON content type for a body.
     */
    Caller checkTransport(RecordedRequest request) {
        String key = request.query().get("api_key");
        if (key == null) {
            throw StandInError.violation(401, 2, "api_key not found: every request needs the api_key query parameter");
        }
        if (!key.equals(apiKey)) {
            throw StandInError.violation(401, 2, "api_key not valid");
        }
        Caller caller = checkToken(request.header("authorization").orElse(null));
        String authType = request.header("stream-auth-type").orElse(null);
        if (authType == null || !authType.trim().equalsIgnoreCase("jwt")) {
            throw StandInError.violation(401, 5, "Stream-Auth-Type header must be jwt for server-side requests");
        }
        if (request.rawBody() != null) {
            String contentType = request.header("content-type").orElse("");
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.equals("application/json")) {
                throw StandInError.violation(400, 4, "Content-Type must be application/json when a body is sent");
            }
            if (request.body() == null || !request.body().isObject()) {
                throw StandInError.violation(400, 4, "request body must be a JSON object");
            }
        }
        return caller;
    }

    /** A user token only where the browser SDK sends one; the backend never joins calls itself. */
    void checkCaller(StandInEndpoint endpoint, Caller caller) {
        if (caller.isServer() && !endpoint.acceptsServerToken()) {
            throw StandInError.violation(400, 4, endpoint.operation + " is a client-side operation (a user token): the backend does not join calls");
        }
        if (!caller.isServer() && !endpoint.acceptsUserToken()) {
            throw StandInError.violation(401, 5, "JWTAuth error: a server-side token must carry \"server\": true");
        }
    }

    private Caller checkToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw StandInError.violation(401, 5, "Authorization header is missing");
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw StandInError.violation(401, 5, "Authorization must be the bare JWT, without a Bearer prefix");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(authorization.trim());
        } catch (TokenExpiredException e) {
            throw StandInError.violation(401, 40, "JWTAuth error: token has expired");
        } catch (IncorrectClaimException e) {
            int code = "nbf".equals(e.getClaimName()) ? 41 : 42;
            throw StandInError.violation(401, code, "JWTAuth error: token used before issued at (iat)");
        } catch (SignatureVerificationException | AlgorithmMismatchException e) {
            throw StandInError.violation(401, 43, "JWTAuth error: signature is not valid. Make sure the token is HS256 signed with the API secret");
        } catch (JWTDecodeException e) {
            throw StandInError.violation(401, 5, "JWTAuth error: token is not a valid JWT");
        } catch (JWTVerificationException e) {
            throw StandInError.violation(401, 5, "JWTAuth error: " + e.getClass().getSimpleName());
        }
        Claim server = jwt.getClaim("server");
        if (!server.isMissing() && Boolean.TRUE.equals(server.asBoolean())) {
            return Caller.SERVER;
        }
        String userId = jwt.getClaim("user_id").asString();
        if (userId != null && USER_ID.matcher(userId).matches()) {
            return new Caller(userId);
        }
        throw StandInError.violation(401, 5, "JWTAuth error: a server-side token must carry \"server\": true");
    }

    /** The body and query the operation takes, by the v2 spec and by how Moduo (or the browser SDK) uses it. */
    void checkShape(StandInEndpoint endpoint, RecordedRequest request, Caller caller) {
        String op = endpoint.operation;
        JsonNode body = request.body();
        switch (endpoint) {
            case UPDATE_USERS -> checkUpsertUsers(op, body);
            case DELETE_USERS -> checkDeleteUsers(op, body);
            case GET_OR_CREATE_CALL -> {
                checkCallId(op, request.pathId());
                checkCallCreate(op, required(op, body));
            }
            case UPDATE_CALL_MEMBERS -> {
                checkCallId(op, request.pathId());
                JsonNode members = required(op, body);
                checkMemberRequests(op, "update_members", members.get("update_members"));
                checkStringArray(op, "remove_members", members.get("remove_members"));
            }
            case END_CALL -> {
                checkCallId(op, request.pathId());
                if (body != null && body.size() > 0) {
                    throw StandInError.invalid(op, "EndCall takes no body (or {})");
                }
            }
            case DELETE_CALL -> {
                checkCallId(op, request.pathId());
                if (body == null || !body.path("hard").isBoolean() || !body.get("hard").booleanValue()) {
                    throw StandInError.invalid(op, "Moduo deletes calls with {\"hard\": true}");
                }
            }
            case QUERY_CALL_PARTICIPANTS -> {
                if (request.pathId().length() > 255) {
                    throw StandInError.invalid(op, "id is longer than 255 characters");
                }
                String limit = request.query().get("limit");
                if (limit != null && !limit.matches("\\d{1,9}")) {
                    throw StandInError.invalid(op, "limit must be a non-negative integer");
                }
                if (body != null && body.has("filter_conditions") && !body.get("filter_conditions").isObject()) {
                    throw StandInError.invalid(op, "filter_conditions must be an object");
                }
            }
            case GET_OR_CREATE_CHANNEL -> {
                checkChannelId(op, request.pathId());
                if (caller.isServer()) {
                    checkChannelCreate(op, required(op, body));
                } else if (body != null && body.has("data")) {
                    JsonNode data = body.get("data");
                    if (!data.isObject()) {
                        throw StandInError.invalid(op, "data must be an object");
                    }
                    checkChannelMembers(op, "data.members", data.get("members"));
                }
            }
            case JOIN_CALL -> {
                checkCallId(op, request.pathId());
                JsonNode join = required(op, body);
                if (join.has("create") && !join.get("create").isBoolean()) {
                    throw StandInError.invalid(op, "create must be a boolean");
                }
                if (join.has("location") && !join.get("location").isTextual()) {
                    throw StandInError.invalid(op, "location must be a string");
                }
                if (join.has("data") && !join.get("data").isObject()) {
                    throw StandInError.invalid(op, "data must be an object");
                }
            }
            case START_RECORDING -> {
                checkCallId(op, request.pathId());
                JsonNode start = required(op, body);
                if (start.has("recording_external_storage") && !start.get("recording_external_storage").isTextual()) {
                    throw StandInError.invalid(op, "recording_external_storage must be a string");
                }
            }
            case STOP_RECORDING -> {
                checkCallId(op, request.pathId());
                if (body != null && body.size() > 0) {
                    throw StandInError.invalid(op, "StopRecording takes {}");
                }
            }
            case GET_CALL_TYPE, GET_CHANNEL_TYPE, GET_APP, LIST_RECORDINGS -> {
                if (request.rawBody() != null && body != null && body.size() > 0) {
                    throw StandInError.invalid(op, op + " takes no body");
                }
            }
            case UPDATE_CALL_TYPE -> checkGrantsShape(op, required(op, body).get("grants"));
            case UPDATE_CHANNEL_TYPE -> {
                JsonNode update = required(op, body);
                for (String field : new String[] {"automod", "automod_behavior", "max_message_length"}) {
                    if (!update.hasNonNull(field)) {
                        throw StandInError.invalid(op, field + " is a required field");
                    }
                }
                checkGrantsShape(op, update.get("grants"));
            }
            case UPDATE_APP -> {
                JsonNode update = required(op, body);
                if (update.has("guest_user_creation_disabled") && !update.get("guest_user_creation_disabled").isBoolean()) {
                    throw StandInError.invalid(op, "guest_user_creation_disabled must be a boolean");
                }
            }
            case UPDATE_CHANNEL -> {
                checkChannelId(op, request.pathId());
                JsonNode update = required(op, body);
                checkChannelMembers(op, "add_members", update.get("add_members"));
                checkStringArray(op, "remove_members", update.get("remove_members"));
                if (update.has("data") && !update.get("data").isObject()) {
                    throw StandInError.invalid(op, "data must be an object");
                }
            }
            case DELETE_CHANNEL -> {
                checkChannelId(op, request.pathId());
                if (request.rawBody() != null) {
                    throw StandInError.invalid(op, "DeleteChannel takes hard_delete as a query parameter and no body");
                }
                if (!"true".equals(request.query().get("hard_delete"))) {
                    throw StandInError.invalid(op, "Moduo deletes channels with the query parameter hard_delete=true");
                }
            }
        }
    }

    private static void checkGrantsShape(String op, JsonNode grants) {
        if (grants == null) {
            return;
        }
        if (!grants.isObject()) {
            throw StandInError.invalid(op, "grants must be an object of role to permission ids");
        }
        grants.fields().forEachRemaining(role -> {
            if (!role.getValue().isArray()) {
                throw StandInError.invalid(op, "grants." + role.getKey() + " must be an array of permission ids");
            }
            role.getValue().forEach(permission -> {
                if (!permission.isTextual()) {
                    throw StandInError.invalid(op, "grants." + role.getKey() + " must hold permission id strings");
                }
            });
        });
    }

    private static void checkUpsertUsers(String op, JsonNode body) {
        JsonNode users = required(op, body).get("users");
        if (users == null || !users.isObject() || users.isEmpty()) {
            throw StandInError.invalid(op, "users must be a non-empty object keyed by user id");
        }
        if (users.size() > MAX_BATCH) {
            throw StandInError.invalid(op, "at most " + MAX_BATCH + " users per request");
        }
        users.fields().forEachRemaining(entry -> {
            JsonNode user = entry.getValue();
            if (!user.isObject()) {
                throw StandInError.invalid(op, "users." + entry.getKey() + " must be an object");
            }
            checkUserId(op, "users." + entry.getKey() + ".id", user.get("id"));
            if (!entry.getKey().equals(user.get("id").textValue())) {
                throw StandInError.invalid(op, "users map key " + entry.getKey() + " does not match the user's id");
            }
            for (String field : new String[] {"name", "image", "role"}) {
                if (user.has(field) && !user.get(field).isTextual()) {
                    throw StandInError.invalid(op, "users." + entry.getKey() + "." + field + " must be a string (leave it out when unknown)");
                }
            }
            if (user.has("custom") && !user.get("custom").isObject()) {
                throw StandInError.invalid(op, "users." + entry.getKey() + ".custom must be an object");
            }
        });
    }

    private static void checkDeleteUsers(String op, JsonNode body) {
        JsonNode request = required(op, body);
        JsonNode ids = request.get("user_ids");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_BATCH) {
            throw StandInError.invalid(op, "user_ids must be an array of 1 to " + MAX_BATCH + " user ids");
        }
        ids.forEach(id -> checkUserId(op, "user_ids[]", id));
        checkEnum(op, request, "user", USER_DELETE_MODES);
        checkEnum(op, request, "messages", USER_DELETE_MODES);
        checkEnum(op, request, "conversations", CONVERSATION_DELETE_MODES);
        checkEnum(op, request, "calls", CONVERSATION_DELETE_MODES);
        if ("hard".equals(request.path("user").asText())
                && (!"hard".equals(request.path("messages").asText()) || !"hard".equals(request.path("conversations").asText()))) {
            throw StandInError.invalid(op, "user: hard requires 'hard' option for messages and conversations as well");
        }
    }

    private static void checkCallCreate(String op, JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || !data.isObject() || !hasCreator(data)) {
            throw StandInError.invalid(op, "When using server-side auth, either data.created_by or data.created_by_id must be provided");
        }
        JsonNode members = data.get("members");
        checkMemberRequests(op, "data.members", members);
        if (data.has("custom") && !data.get("custom").isObject()) {
            throw StandInError.invalid(op, "data.custom must be an object");
        }
        JsonNode settings = data.get("settings_override");
        if (settings != null) {
            if (!settings.isObject()) {
                throw StandInError.invalid(op, "data.settings_override must be an object");
            }
            JsonNode recording = settings.get("recording");
            if (recording != null && !RECORDING_MODES.contains(recording.path("mode").asText())) {
                throw StandInError.invalid(op, "settings_override.recording.mode is required: available, disabled or auto-on");
            }
            JsonNode screensharing = settings.get("screensharing");
            if (screensharing != null && screensharing.has("enabled") && !screensharing.get("enabled").isBoolean()) {
                throw StandInError.invalid(op, "settings_override.screensharing.enabled must be a boolean");
            }
        }
    }

    private static void checkChannelCreate(String op, JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || !data.isObject() || !hasCreator(data)) {
            throw StandInError.invalid(op, "either data.created_by or data.created_by_id must be provided when using server side auth.");
        }
        checkChannelMembers(op, "data.members", data.get("members"));
        if (data.has("name") || data.has("image")) {
            throw StandInError.invalid(op, "the v2 API takes custom fields such as name under data.custom, not flattened into data");
        }
        if (data.has("custom") && !data.get("custom").isObject()) {
            throw StandInError.invalid(op, "data.custom must be an object");
        }
    }

    private static boolean hasCreator(JsonNode data) {
        return data.path("created_by_id").isTextual() && !data.get("created_by_id").textValue().isEmpty()
                || data.path("created_by").path("id").isTextual() && !data.get("created_by").get("id").textValue().isEmpty();
    }

    private static void checkMemberRequests(String op, String field, JsonNode members) {
        if (members == null) {
            return;
        }
        if (!members.isArray() || members.size() > MAX_BATCH) {
            throw StandInError.invalid(op, field + " must be an array of at most " + MAX_BATCH + " members");
        }
        for (JsonNode member : members) {
            if (!member.isObject()) {
                throw StandInError.invalid(op, field + " entries must be objects with user_id");
            }
            checkUserId(op, field + "[].user_id", member.get("user_id"));
            if (member.has("role") && !member.get("role").isTextual()) {
                throw StandInError.invalid(op, field + "[].role must be a string");
            }
        }
    }

    private static void checkChannelMembers(String op, String field, JsonNode members) {
        if (members == null) {
            return;
        }
        if (!members.isArray() || members.size() > MAX_BATCH) {
            throw StandInError.invalid(op, field + " must be an array of at most " + MAX_BATCH + " members");
        }
        for (JsonNode member : members) {
            if (!member.isObject()) {
                throw StandInError.invalid(op, field + " entries must be {\"user_id\": ...} objects in the v2 API (plain ids are the legacy form)");
            }
            checkUserId(op, field + "[].user_id", member.get("user_id"));
        }
    }

    private static void checkStringArray(String op, String field, JsonNode values) {
        if (values == null) {
            return;
        }
        if (!values.isArray() || values.size() > MAX_BATCH) {
            throw StandInError.invalid(op, field + " must be an array of at most " + MAX_BATCH + " user ids");
        }
        values.forEach(value -> checkUserId(op, field + "[]", value));
    }

    private static void checkUserId(String op, String field, JsonNode id) {
        if (id == null || !id.isTextual() || !USER_ID.matcher(id.textValue()).matches()) {
            throw StandInError.invalid(op, field + " must be a user id (letters, digits, @ _ -, at most 255)");
        }
    }

    private static void checkEnum(String op, JsonNode request, String field, Set<String> allowed) {
        if (request.has(field) && !allowed.contains(request.get(field).asText())) {
            throw StandInError.invalid(op, field + " must be one of " + allowed);
        }
    }

    private static void checkCallId(String op, String id) {
        if (id.length() > 64) {
            throw StandInError.invalid(op, "call id is longer than 64 characters");
        }
    }

    private static void checkChannelId(String op, String id) {
        if (!CHANNEL_ID.matcher(id).matches()) {
            throw StandInError.invalid(op, "channel id must be 1-64 letters, digits, _ or -");
        }
    }

    private static JsonNode required(String op, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw StandInError.invalid(op, "a JSON object body is required");
        }
        return body;
    }
}
