package dev.moduo.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.embedded.DevUser;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.local.embedded.StreamControlRefusal;
import dev.moduo.stream.testing.StandInParticipant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Stream emulator's state and controls, under {@code /_local/stream}, so a person can play the part of the
 * browsers no real video client can play against the emulator:
 * <ul>
 *   <li>{@code GET /_local/stream}: what it holds, who is in each call, the webhooks sent and their answers;</li>
 *   <li>{@code POST /_local/stream/calls/{callId}/participants {"userId": "..."}}: that user joins the call as the
 *       web client does (201 with the {@code userSessionId} Stream gave the connection; 403 when Stream's grants
 *       refuse them, 404 for a call the emulator does not have);</li>
 *   <li>{@code DELETE /_local/stream/calls/{callId}/participants/{userSessionId}}: that connection leaves;</li>
 *   <li>{@code POST /_local/stream/recordings/hold}, {@code .../finish}, {@code .../fail}: recordings that stop
 *       from now on wait to be uploaded; the waiting ones become ready, or fail (uploads are immediate again).</li>
 * </ul>
 */
final class StreamEmulatorEndpoints {

    static final String ROOT = LocalEndpoints.PREFIX + "stream";
    // Call ids and connection ids are taken in the characters of a user id.
    private static final String ID = DevUser.ID_CHARACTERS;
    private static final Pattern PARTICIPANTS = Pattern.compile(Pattern.quote(ROOT) + "/calls/(" + ID + ")/participants");
    private static final Pattern PARTICIPANT = Pattern.compile(Pattern.quote(ROOT) + "/calls/(" + ID + ")/participants/(" + ID + ")");
    private static final Pattern ANY_CALL_PATH = Pattern.compile(Pattern.quote(ROOT) + "/calls/[^/]*/participants(/[^/]*)?");
    private static final String JOIN_BODY = "Body must be JSON {\"userId\": \"user_...\"}";

    private StreamEmulatorEndpoints() {
    }

    static boolean owns(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    static GatewayResponse handle(GatewayRequest request, Supplier<EmbeddedStream> emulator) {
        String path = request.rawPath();
        String method = request.method();
        try {
            if (path.equals(ROOT)) {
                return method.equals("GET") ? GatewayResponse.json(200, LocalJson.bytes(emulator.get().state()))
                        : LocalEndpoints.methodNotAllowed("GET");
            }
            Matcher participants = PARTICIPANTS.matcher(path);
            if (participants.matches()) {
                return method.equals("POST") ? join(emulator.get(), participants.group(1), request.body())
                        : LocalEndpoints.methodNotAllowed("POST");
            }
            Matcher participant = PARTICIPANT.matcher(path);
            if (participant.matches()) {
                return method.equals("DELETE") ? leave(emulator.get(), participant.group(1), participant.group(2))
                        : LocalEndpoints.methodNotAllowed("DELETE");
            }
            if (ANY_CALL_PATH.matcher(path).matches()) {
                return GatewayResponse.message(400, "A call id and a user session id are 1 to 64 letters, digits, _ or -");
            }
            if (path.startsWith(ROOT + "/recordings/")) {
                return recordings(emulator.get(), path.substring((ROOT + "/recordings/").length()), method);
            }
            return GatewayResponse.message(404, "Not Found");
        } catch (StreamControlRefusal refusal) {
            return GatewayResponse.message(refusal.status(), refusal.getMessage());
        } catch (UncheckedIOException e) {
            return GatewayResponse.message(502, "The Stream emulator did not answer: " + e.getCause().getMessage());
        }
    }

    private static GatewayResponse join(EmbeddedStream emulator, String callId, byte[] body) {
        JsonNode json;
        try {
            json = LocalJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return GatewayResponse.message(400, JOIN_BODY);
        }
        if (json == null || !json.isObject()) {
            return GatewayResponse.message(400, JOIN_BODY);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("userId")) {
                return GatewayResponse.message(400, "Unknown field " + name + ": " + JOIN_BODY
                        + (name.equals("userSessionId") ? " (Stream names the connection; the answer says how)" : ""));
            }
        }
        JsonNode userId = json.get("userId");
        if (userId == null || userId.isNull()) {
            return GatewayResponse.message(400, "userId is required, e.g. {\"userId\": \"user_host\"}");
        }
        if (!userId.isTextual() || !DevUser.ID.matcher(userId.textValue()).matches()) {
            return GatewayResponse.message(400, "userId must be 1 to 64 letters, digits, _ or -");
        }
        StandInParticipant joined = emulator.join(callId, userId.textValue());
        return GatewayResponse.json(201, LocalJson.bytes(connection(callId, joined)));
    }

    private static GatewayResponse leave(EmbeddedStream emulator, String callId, String userSessionId) {
        StandInParticipant left = emulator.leave(callId, userSessionId);
        return GatewayResponse.json(200, LocalJson.bytes(connection(callId, left)));
    }

    private static ObjectNode connection(String callId, StandInParticipant participant) {
        ObjectNode answer = LocalJson.object();
        answer.put("callId", callId);
        answer.put("userId", participant.userId());
        answer.put("userSessionId", participant.sessionId());
        return answer;
    }

    private static GatewayResponse recordings(EmbeddedStream emulator, String action, String method) {
        if (!Set.of("hold", "finish", "fail").contains(action)) {
            return GatewayResponse.message(404, "Not Found");
        }
        if (!method.equals("POST")) {
            return LocalEndpoints.methodNotAllowed("POST");
        }
        ObjectNode answer = LocalJson.object();
        switch (action) {
            case "hold" -> emulator.holdUploads();
            case "finish" -> answer.put("ready", emulator.finishUploads());
            default -> answer.put("failed", emulator.failUploads());
        }
        answer.put("recordingUploads", action.equals("hold") ? "held" : "immediate");
        return GatewayResponse.json(200, LocalJson.bytes(answer));
    }
}
