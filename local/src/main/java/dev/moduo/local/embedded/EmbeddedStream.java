package dev.moduo.local.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.local.LocalJson;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamTokenIssuer;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.stream.testing.StandInParticipant;
import dev.moduo.stream.testing.StreamBrowserClient;
import dev.moduo.stream.testing.StreamStandIn;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Stream's server-side REST API emulated in this process (the testkit's {@link StreamStandIn}): it checks
 * the server token and every request as Stream would, and keeps users, calls, channels, members, who is in
 * each call and its recordings in memory. It sends the webhooks Stream would send, signed, to the runner's own
 * Stream webhook route ({@link StreamWebhookDelivery}). Nothing here carries video or chat: browsers cannot
 * join its calls, so a person plays their part with the controls under {@code /_local/stream/}: someone joins
 * or leaves a call, recording uploads are held back, finish or fail.
 */
public final class EmbeddedStream implements AutoCloseable {

    public static final String API_KEY = "moduo-local";
    public static final String NOTICE = "No real video or chat works in this mode: calls and channels exist only"
            + " in this emulator, so the web client's Stream SDKs cannot connect. Set STREAM_API_KEY and"
            + " STREAM_API_SECRET to use a real Stream app.";
    private static final Duration TOKEN_BUDGET = Duration.ofSeconds(1);

    private final StreamStandIn standIn;
    private final StreamTokenIssuer userTokens;
    private volatile StreamWebhookDelivery webhooks;
    private boolean uploadsHeld;
    private final long startMillis;

    /** With an API secret made for this run: the runner's, which anyone on its network might reach. */
    public EmbeddedStream() {
        this(randomSecret());
    }

    /** With a given API secret, which signs and checks its webhooks ({@code invoke}'s known development one). */
    public EmbeddedStream(String apiSecret) {
        long started = System.nanoTime();
        this.standIn = new StreamStandIn(API_KEY, apiSecret);
        this.userTokens = new StreamTokenIssuer(new EnvStreamCredentials(Settings.of(standIn.settings())),
                Settings.of(Map.of()));
        this.startMillis = (System.nanoTime() - started) / 1_000_000;
    }

    private static String randomSecret() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    public long startMillis() {
        return startMillis;
    }

    /** STREAM_BASE_URL, STREAM_API_KEY and STREAM_API_SECRET for the functions. */
    public Map<String, String> settings() {
        return standIn.settings();
    }

    public String baseUrl() {
        return standIn.baseUrl();
    }

    /**
     * From now on every event Stream would send goes, signed with the emulator's secret, to {@code target} (the
     * runner's {@code POST /api/webhooks/stream}), the ones already kept first.
     */
    public void deliverWebhooksTo(String target, Consumer<String> log) {
        StreamWebhookDelivery delivery = new StreamWebhookDelivery(target, standIn.apiKey(), standIn.apiSecret(), log);
        webhooks = delivery;
        standIn.onEvent(delivery::accept);
    }

    /** One start-up sentence on where the webhooks go. */
    public String describeWebhooks() {
        StreamWebhookDelivery delivery = webhooks;
        return delivery == null ? "its webhooks are not delivered (the template has no POST " + StreamWebhookDelivery.PATH
                + " route)" : "its webhooks go, signed, to POST " + StreamWebhookDelivery.PATH;
    }

    // --- a person playing the browsers' part

    /**
     * Someone joins the call from a browser: the web client's {@code call.join()}, sent to the emulator with the
     * user's Stream token, so the call type's grants decide as Stream's would (after the room lock, only the
     * session's host and participant get in). Stream's SFU names the connection: its user session id is answered.
     *
     * @throws StreamControlRefusal 404 for a call the emulator does not have, 403 when the grants refuse the user
     */
    public synchronized StandInParticipant join(String callId, String userId) {
        Set<String> before = connected(callId);
        String token = userTokens.issue(userId, Deadline.after(TOKEN_BUDGET)).token();
        StreamBrowserClient.Answer answer = new StreamBrowserClient(standIn.baseUrl(), standIn.apiKey(), token)
                .joinCall(callId, false);
        if (answer.status() == 404) {
            throw new StreamControlRefusal(404, "The emulator has no call " + callId + " (or it was deleted): "
                    + answer.message());
        }
        if (answer.status() == 403) {
            throw new StreamControlRefusal(403, "Stream refuses " + userId + " in call " + callId + " (code "
                    + answer.code() + "): " + answer.message());
        }
        if (answer.status() / 100 != 2) {
            throw new StreamControlRefusal(502, "The emulator answered the join with " + answer.status() + ": "
                    + answer.message());
        }
        List<StandInParticipant> added = call(callId).participants().stream()
                .filter(participant -> !before.contains(participant.sessionId()) && participant.userId().equals(userId))
                .toList();
        if (added.size() != 1) {
            throw new IllegalStateException("The emulator let " + userId + " join call " + callId
                    + " but connected " + added.size() + " new sessions of theirs");
        }
        return added.get(0);
    }

    /**
     * The browser of that connection leaves the call (a closed tab, a lost network).
     *
     * @throws StreamControlRefusal 404 when nobody is connected to the call as {@code userSessionId}
     */
    public synchronized StandInParticipant leave(String callId, String userSessionId) {
        StandInParticipant participant = call(callId).participants().stream()
                .filter(connected -> connected.sessionId().equals(userSessionId))
                .findFirst()
                .orElseThrow(() -> new StreamControlRefusal(404, "Nobody is connected to call " + callId
                        + " as user session " + userSessionId + "; GET /_local/stream lists who is"));
        standIn.disconnectParticipant(callId, userSessionId);
        return participant;
    }

    /** A recording that stops from now on stays "being processed" until {@link #finishUploads} or {@link #failUploads}. */
    public synchronized void holdUploads() {
        standIn.holdRecordingUploads(true);
        uploadsHeld = true;
    }

    /** Every held upload completes ({@code call.recording_ready}), and uploads are immediate again; how many. */
    public synchronized int finishUploads() {
        return completeUploads(true);
    }

    /** Every held upload fails ({@code call.recording_failed}), and uploads are immediate again; how many. */
    public synchronized int failUploads() {
        return completeUploads(false);
    }

    private int completeUploads(boolean succeed) {
        // Immediate first: a recording stopped meanwhile is uploaded, not left held with nobody to finish it.
        standIn.holdRecordingUploads(false);
        uploadsHeld = false;
        int before = standIn.events().size();
        if (succeed) {
            standIn.finishRecordingUploads();
        } else {
            standIn.failRecordingUploads();
        }
        String type = succeed ? "call.recording_ready" : "call.recording_failed";
        List<JsonNode> events = standIn.events();
        return (int) events.subList(Math.min(before, events.size()), events.size()).stream()
                .filter(event -> type.equals(event.path("type").asText()))
                .count();
    }

    private StandInCall call(String callId) {
        return standIn.call(callId).filter(call -> !call.deleted())
                .orElseThrow(() -> new StreamControlRefusal(404, "The emulator has no call " + callId + " (or it was deleted)"));
    }

    private Set<String> connected(String callId) {
        return standIn.call(callId).map(call -> call.participants().stream()
                .map(StandInParticipant::sessionId).collect(Collectors.toSet())).orElse(Set.of());
    }

    /** Everything the emulator holds, for {@code GET /_local/stream}; never the API secret. */
    public ObjectNode state() {
        ObjectNode state = LocalJson.object();
        state.put("mode", "emulator");
        state.put("notice", NOTICE);
        state.put("baseUrl", standIn.baseUrl());
        state.put("apiKey", standIn.apiKey());
        state.set("users", LocalJson.MAPPER.valueToTree(standIn.users()));
        state.set("calls", LocalJson.MAPPER.valueToTree(standIn.calls()));
        state.set("channels", LocalJson.MAPPER.valueToTree(standIn.channels()));
        state.put("requests", standIn.requests().size());
        // A request Stream would have refused: a bug in the functions, shown here so it is not missed.
        state.set("violations", LocalJson.MAPPER.valueToTree(standIn.violations()));
        synchronized (this) {
            state.put("recordingUploads", uploadsHeld ? "held" : "immediate");
        }
        // A recording a hard delete destroyed while a user could still have had it: a bug, shown so it is not missed.
        state.set("recordingsLost", LocalJson.MAPPER.valueToTree(standIn.recordingsLost()));
        state.put("events", standIn.events().size());
        StreamWebhookDelivery delivery = webhooks;
        state.set("webhooks", delivery == null ? LocalJson.object().put("target", (String) null) : delivery.state());
        return state;
    }

    /** Stops sending webhooks: what is in flight is cut short, what is queued is not sent. */
    public void stopWebhooks() {
        StreamWebhookDelivery delivery = webhooks;
        if (delivery != null) {
            delivery.close();
        }
    }

    @Override
    public void close() {
        stopWebhooks();
        standIn.close();
    }
}
