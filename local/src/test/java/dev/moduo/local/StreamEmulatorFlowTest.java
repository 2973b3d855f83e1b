package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.local.embedded.StreamWebhookDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Recording and the report through the runner as a person tries them with curl, RECORDING=on, nothing else
 * configured: the Stream emulator sends the webhooks Stream would send, signed, to the runner's own webhook route,
 * and the {@code /_local/stream} controls play the browsers that join and leave the call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamEmulatorFlowTest {

    /** How long a webhook may take to arrive and be handled; polled, so a fast machine waits milliseconds. */
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(20);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private LocalRunner runner;
    private Http http;

    @BeforeAll
    void startRunner() {
        Map<String, String> settings = new HashMap<>(WebClientCookieFlowTest.EMBEDDED);
        settings.put("RECORDING", "on");
        runner = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(ContractFlowTests.TEMPLATE)
                .withSchedules(false), settings, log::add);
        http = new Http(runner.baseUrl());
    }

    @AfterAll
    void stopRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    // --- what a person types

    private static String user(String role) {
        return "user_" + role + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String token(String userId, String name) {
        Http.Reply reply = http.get("/_local/token?user=" + userId + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
        assertEquals(200, reply.status(), reply::toString);
        return reply.text();
    }

    /** A session the host created and the guest joined: its {@code _id} and {@code callId}. */
    private JsonNode joinedSession(String hostToken, String guestToken) {
        Http.Reply created = http.post("/api/sessions", hostToken, "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");
        assertEquals(201, created.status(), created::toString);
        JsonNode session = created.json().get("session");
        Http.Reply joined = http.post("/api/sessions/" + session.get("_id").asText() + "/join", guestToken, null);
        assertEquals(200, joined.status(), joined::toString);
        return session;
    }

    /** {@code POST /_local/stream/calls/{callId}/participants}: the user's browser joins the call. */
    private Http.Reply connect(String callId, String userId) {
        return http.post("/_local/stream/calls/" + callId + "/participants", null, "{\"userId\":\"" + userId + "\"}");
    }

    private String connected(String callId, String userId) {
        Http.Reply reply = connect(callId, userId);
        assertEquals(201, reply.status(), reply::toString);
        assertEquals(userId, reply.json().get("userId").asText());
        return reply.json().get("userSessionId").asText();
    }

    private Http.Reply delete(String path) {
        return http.send(http.request(path).DELETE().build());
    }

    private Http.Reply recordings(String sessionId, String token) {
        return http.get("/api/sessions/" + sessionId + "/recordings", token);
    }

    private Http.Reply recordingAction(String sessionId, String action, String token) {
        return http.post("/api/sessions/" + sessionId + "/recordings/" + action, token, null);
    }

    private JsonNode emulator() {
        Http.Reply reply = http.get("/_local/stream", null);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** Asks again until the answer is 200 and satisfies {@code until}, for at most {@link #WEBHOOK_WAIT}. */
    private JsonNode awaitAnswer(Supplier<Http.Reply> ask, Predicate<JsonNode> until, String what) {
        Instant giveUp = Instant.now().plus(WEBHOOK_WAIT);
        Http.Reply last;
        do {
            last = ask.get();
            if (last.status() == 200 && until.test(last.json())) {
                return last.json();
            }
            pause();
        } while (Instant.now().isBefore(giveUp));
        throw new AssertionError("Not within " + WEBHOOK_WAIT.toSeconds() + " s: " + what + "; last answer " + last
                + "; webhooks " + emulator().get("webhooks"));
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode only(JsonNode array) {
        assertEquals(1, array.size(), array::toString);
        return array.get(0);
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** The emulator's deliveries about one call, in the order they were sent. */
    private List<JsonNode> deliveriesOf(String callId) {
        return list(emulator().get("webhooks").get("recent")).stream()
                .filter(delivery -> ("default:" + callId).equals(delivery.path("callCid").asText()))
                .toList();
    }

    private List<String> connectedUserIds(String sessionId, String token) {
        Http.Reply reply = http.get("/api/sessions/" + sessionId, token);
        assertEquals(200, reply.status(), reply::toString);
        return list(reply.json().get("presence").get("connectedUserIds")).stream().map(JsonNode::asText).toList();
    }

    // --- the whole flow

    @Test
    void recordingAndTheReportWorkEndToEndWithTheEmulatorsWebhooks() {
        String host = user("host");
        String guest = user("guest");
        String hostToken = token(host, "Hana Host");
        String guestToken = token(guest, "Gil Guest");
        JsonNode session = joinedSession(hostToken, guestToken);
        String id = session.get("_id").asText();
        String callId = session.get("callId").asText();
        String hostConnection = connected(callId, host);
        String guestConnection = connected(callId, guest);

        Http.Reply started = recordingAction(id, "start", hostToken);
        assertEquals(202, started.status(), started::toString);
        JsonNode recording = awaitAnswer(() -> recordings(id, hostToken),
                answer -> answer.get("recording").asText().equals("recording"), "the recording reported started");
        assertEquals("recording", only(recording.get("recordings")).get("status").asText());

        Http.Reply stopped = recordingAction(id, "stop", hostToken);
        assertEquals(202, stopped.status(), stopped::toString);
        JsonNode ready = awaitAnswer(() -> recordings(id, hostToken),
                answer -> answer.get("recordings").size() == 1
                        && answer.get("recordings").get(0).get("status").asText().equals("ready"),
                "the recording reported ready");
        assertEquals("idle", ready.get("recording").asText());
        JsonNode file = only(only(ready.get("recordings")).get("files"));
        assertTrue(file.get("url").asText().startsWith("https://"), file::toString);
        assertTrue(file.get("filename").asText().endsWith(".mp4"), file::toString);

        Http.Reply ended = http.post("/api/sessions/" + id + "/end", hostToken, null);
        assertEquals(200, ended.status(), ended::toString);

        Http.Reply guestList = recordings(id, guestToken);
        assertEquals(200, guestList.status(), guestList::toString);
        JsonNode kept = only(guestList.json().get("recordings"));
        assertEquals("ready", kept.get("status").asText());
        assertEquals(file.get("filename").asText(), only(kept.get("files")).get("filename").asText());
        assertNotNull(only(kept.get("files")).get("url").textValue(), "the participant gets a URL after the end");

        JsonNode report = awaitAnswer(() -> http.get("/api/sessions/" + id + "/report", guestToken),
                answer -> answer.get("callQuality").isArray()
                        && list(answer.get("attendance")).stream().filter(interval -> interval.get("leftAt").isTextual()).count() == 2,
                "the report with both intervals closed and Stream's stats report");
        Map<String, JsonNode> intervals = new HashMap<>();
        report.get("attendance").forEach(interval -> intervals.put(interval.get("userSessionId").asText(), interval));
        assertEquals(Set.of(hostConnection, guestConnection), intervals.keySet());
        assertEquals(host, intervals.get(hostConnection).get("userId").asText());
        assertEquals(guest, intervals.get(guestConnection).get("userId").asText());
        for (JsonNode interval : intervals.values()) {
            assertFalse(interval.get("closedAtSessionEnd").asBoolean(), "Stream said when each left: " + interval);
            assertFalse(Instant.parse(interval.get("leftAt").asText()).isBefore(Instant.parse(interval.get("joinedAt").asText())));
        }
        JsonNode quality = only(report.get("callQuality"));
        assertEquals(90.0, quality.get("qualityScore").asDouble(), quality::toString);
        assertEquals(2, quality.get("participants").asLong(), quality::toString);
        assertTrue(list(report.get("missing")).stream().noneMatch(missing -> missing.asText().startsWith("callQuality")),
                report::toString);

        List<String> types = deliveriesOf(callId).stream().map(delivery -> delivery.get("type").asText()).toList();
        assertEquals(List.of("call.session_started", "call.session_participant_joined", "call.session_participant_joined",
                "call.recording_started", "call.recording_stopped", "call.recording_ready",
                "call.session_participant_left", "call.session_participant_left", "call.session_ended", "call.ended",
                "call.stats_report_ready"), types);
        assertTrue(deliveriesOf(callId).stream().allMatch(delivery -> delivery.get("outcome").asText().equals("delivered")),
                deliveriesOf(callId)::toString);
        assertTrue(log.contains("Stream webhook call.recording_ready (default:" + callId + ") -> 200"), log::toString);

        Http.Reply cleanup = http.post("/2015-03-31/functions/" + ContractFlowTests.CLEANUP + "/invocations", null, "{}");
        assertEquals(200, cleanup.status(), cleanup::toString);
        JsonNode state = emulator();
        assertEquals(0, state.get("recordingsLost").size(), state.get("recordingsLost")::toString);
        assertEquals(0, state.get("violations").size(), state.get("violations")::toString);
        assertEquals(200, recordings(id, hostToken).status(), "the kept call still lists its recording");
    }

    @Test
    void heldUploadsStayProcessingUntilTheyAreFailedOrFinished() {
        String host = user("host");
        String hostToken = token(host, "Hana Host");
        JsonNode session = joinedSession(hostToken, token(user("guest"), "Gil Guest"));
        String id = session.get("_id").asText();
        connected(session.get("callId").asText(), host);
        Http.Reply hold = http.post("/_local/stream/recordings/hold", null, null);
        assertEquals(200, hold.status(), hold::toString);
        assertEquals("held", emulator().get("recordingUploads").asText());

        assertEquals(202, recordingAction(id, "start", hostToken).status());
        awaitAnswer(() -> recordings(id, hostToken), answer -> answer.get("recording").asText().equals("recording"), "started");
        assertEquals(202, recordingAction(id, "stop", hostToken).status());
        awaitAnswer(() -> recordings(id, hostToken),
                answer -> answer.get("recordings").get(0).get("status").asText().equals("processing"), "stopped, not uploaded");
        Http.Reply failed = http.post("/_local/stream/recordings/fail", null, null);
        assertEquals(200, failed.status(), failed::toString);
        assertEquals(1, failed.json().get("failed").asInt());
        awaitAnswer(() -> recordings(id, hostToken),
                answer -> answer.get("recordings").get(0).get("status").asText().equals("failed"), "the upload failed");

        assertEquals(200, http.post("/_local/stream/recordings/hold", null, null).status());
        assertEquals(202, recordingAction(id, "start", hostToken).status());
        awaitAnswer(() -> recordings(id, hostToken), answer -> answer.get("recording").asText().equals("recording"), "restarted");
        assertEquals(202, recordingAction(id, "stop", hostToken).status());
        awaitAnswer(() -> recordings(id, hostToken), answer -> answer.get("recording").asText().equals("idle")
                && list(answer.get("recordings")).stream().anyMatch(item -> item.get("status").asText().equals("processing")),
                "the second stopped, not uploaded");
        Http.Reply finished = http.post("/_local/stream/recordings/finish", null, null);
        assertEquals(200, finished.status(), finished::toString);
        assertEquals(1, finished.json().get("ready").asInt());
        // Until call.recording_ready arrives, Stream's listing may show the file beside its egress, still processing.
        JsonNode after = awaitAnswer(() -> recordings(id, hostToken),
                answer -> list(answer.get("recordings")).stream().map(item -> item.get("status").asText()).toList()
                        .equals(List.of("failed", "ready")),
                "the first failed and the second uploaded, reported by their webhooks");
        assertEquals(1, after.get("recordings").get(1).get("files").size(), after::toString);
        assertEquals("immediate", emulator().get("recordingUploads").asText());
    }

    // --- the deliveries

    /** A {@code call.session_participant_joined} for the call, as Stream sends it. */
    private static ObjectNode participantJoined(String callId, String userId) {
        ObjectNode event = LocalJson.object();
        event.put("type", "call.session_participant_joined");
        event.put("created_at", Instant.now().toEpochMilli() * 1_000_000L);
        event.put("call_cid", "default:" + callId);
        event.put("session_id", "call-session-" + UUID.randomUUID());
        ObjectNode participant = event.putObject("participant");
        participant.putObject("user").put("id", userId);
        participant.put("user_session_id", "browser-" + UUID.randomUUID());
        participant.put("role", "user");
        participant.put("joined_at", event.get("created_at").longValue());
        return event;
    }

    private static StreamWebhookDelivery.Delivery deliverOnce(StreamWebhookDelivery delivery, JsonNode event) {
        delivery.accept(event);
        Instant giveUp = Instant.now().plus(WEBHOOK_WAIT);
        while (delivery.deliveries().isEmpty() && Instant.now().isBefore(giveUp)) {
            pause();
        }
        delivery.close();
        List<StreamWebhookDelivery.Delivery> done = delivery.deliveries();
        assertEquals(1, done.size(), done::toString);
        return done.get(0);
    }

    @Test
    void theEmulatorsSignatureIsWhatMakesTheWebhookRouteTakeADelivery() {
        String host = user("host");
        String guest = user("guest");
        String hostToken = token(host, "Hana Host");
        JsonNode session = joinedSession(hostToken, token(guest, "Gil Guest"));
        String id = session.get("_id").asText();
        String callId = session.get("callId").asText();
        String secret = System.getProperty("STREAM_API_SECRET");
        assertNotNull(secret, "the runner hands the emulator's secret to the functions");

        StreamWebhookDelivery.Delivery forged = deliverOnce(new StreamWebhookDelivery(runner.baseUrl()
                + StreamWebhookDelivery.PATH, EmbeddedStream.API_KEY, "not-" + secret, line -> { }), participantJoined(callId, guest));

        assertEquals(List.of("401"), forged.attempts(), "refused, and not retried");
        assertEquals(List.of(), connectedUserIds(id, hostToken), "a forged delivery changes nothing");

        connected(callId, guest);

        awaitAnswer(() -> http.get("/api/sessions/" + id, hostToken),
                answer -> answer.get("presence").get("connectedUserIds").toString().contains(guest), "the emulator's delivery");
        JsonNode delivered = deliveriesOf(callId).stream()
                .filter(delivery -> delivery.get("type").asText().equals("call.session_participant_joined"))
                .findFirst().orElseThrow();
        assertEquals(List.of("200"), list(delivered.get("attempts")).stream().map(JsonNode::asText).toList());
    }

    @Test
    void aDeliveryAnswered503IsRetriedWithTheSameIdAndTheRunnerTakesTheRetry() throws IOException {
        String host = user("host");
        String guest = user("guest");
        String hostToken = token(host, "Hana Host");
        JsonNode session = joinedSession(hostToken, token(guest, "Gil Guest"));
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        // In front of the runner: the first try of each delivery gets 503, as a runner whose MongoDB is down answers.
        HttpServer unavailableOnce = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        unavailableOnce.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            for (String name : List.of("x-signature", "x-webhook-id", "x-webhook-attempt", "x-api-key", "content-type")) {
                headers.put(name, exchange.getRequestHeaders().getFirst(name));
            }
            seen.add(headers);
            int status = 503;
            if (!headers.get("x-webhook-attempt").equals("1")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runner.baseUrl() + StreamWebhookDelivery.PATH))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach(request::header);
                try {
                    status = forward.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        unavailableOnce.start();
        try {
            StreamWebhookDelivery.Delivery retried = deliverOnce(new StreamWebhookDelivery("http://127.0.0.1:"
                            + unavailableOnce.getAddress().getPort() + StreamWebhookDelivery.PATH, EmbeddedStream.API_KEY,
                    System.getProperty("STREAM_API_SECRET"), line -> { }),
                    participantJoined(session.get("callId").asText(), guest));

            assertEquals(List.of("503", "200"), retried.attempts());
            assertEquals(List.of("1", "2"), seen.stream().map(headers -> headers.get("x-webhook-attempt")).toList());
            assertEquals(1, seen.stream().map(headers -> headers.get("x-webhook-id")).distinct().count());
            assertEquals(List.of(guest), connectedUserIds(session.get("_id").asText(), hostToken));
        } finally {
            unavailableOnce.stop(0);
        }
    }

    @Test
    void closingTheRunnerStopsItsWebhookDeliveries() throws InterruptedException {
        List<String> ownLog = new CopyOnWriteArrayList<>();
        LocalRunner own = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(ContractFlowTests.TEMPLATE)
                .withSchedules(false), WebClientCookieFlowTest.EMBEDDED, ownLog::add);
        String sender = "stream-webhooks to localhost:" + own.port();
        try {
            Http ownHttp = new Http(own.baseUrl());
            String host = user("host");
            Http.Reply created = ownHttp.post("/api/sessions", ownHttp.get("/_local/token?user=" + host, null).text(),
                    "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");
            assertEquals(201, created.status(), created::toString);
            String callId = created.json().get("session").get("callId").asText();
            assertEquals(201, ownHttp.post("/_local/stream/calls/" + callId + "/participants", null,
                    "{\"userId\":\"" + host + "\"}").status());
            // The sender's thread starts with its first delivery, which leaves after the request was answered.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!liveThreads().contains(sender) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(liveThreads().contains(sender), liveThreads()::toString);
        } finally {
            own.close();
        }

        assertFalse(liveThreads().contains(sender), "the sender's thread ended with the runner");
        assertTrue(ownLog.stream().noneMatch(line -> line.startsWith("Warning: Stream webhook")), ownLog::toString);
    }

    private static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    // --- the controls

    @Test
    void aBrowserLeavingIsDeliveredAndItsConnectionIsGone() {
        String host = user("host");
        String hostToken = token(host, "Hana Host");
        JsonNode session = joinedSession(hostToken, token(user("guest"), "Gil Guest"));
        String id = session.get("_id").asText();
        String callId = session.get("callId").asText();
        String connection = connected(callId, host);
        awaitAnswer(() -> http.get("/api/sessions/" + id, hostToken),
                answer -> answer.get("presence").get("participantsInCall").asInt() == 1, "the host in the call");

        Http.Reply left = delete("/_local/stream/calls/" + callId + "/participants/" + connection);

        assertEquals(200, left.status(), left::toString);
        assertEquals(host, left.json().get("userId").asText());
        awaitAnswer(() -> http.get("/api/sessions/" + id, hostToken),
                answer -> answer.get("presence").get("participantsInCall").asInt() == 0, "the host left the call");
        Http.Reply again = delete("/_local/stream/calls/" + callId + "/participants/" + connection);
        assertEquals(404, again.status(), again::toString);
        assertTrue(again.json().get("message").asText().startsWith("Nobody is connected to call " + callId), again::toString);
    }

    @Test
    void anOutsiderIsRefusedByStreamOnceTheCleanupLockedTheRoom() {
        String host = user("host");
        JsonNode session = joinedSession(token(host, "Hana Host"), token(user("guest"), "Gil Guest"));
        Http.Reply cleanup = http.post("/2015-03-31/functions/" + ContractFlowTests.CLEANUP + "/invocations", null, "{}");
        assertEquals(200, cleanup.status(), cleanup::toString);

        Http.Reply outsider = connect(session.get("callId").asText(), user("late"));

        assertEquals(403, outsider.status(), outsider::toString);
        assertTrue(outsider.json().get("message").asText().contains("(code 17)"), outsider::toString);
        assertEquals(201, connect(session.get("callId").asText(), host).status(), "the host still gets in");
    }

    @Test
    void joiningACallTheEmulatorDoesNotHaveIs404() {
        Http.Reply reply = connect("no-such-call", user("host"));

        assertEquals(404, reply.status(), reply::toString);
        assertTrue(reply.json().get("message").asText().startsWith("The emulator has no call no-such-call"), reply::toString);
    }

    @Test
    void aJoinWithoutAUsableUserIdIsExplained() {
        String path = "/_local/stream/calls/some-call/participants";
        Map<String, String> bodies = Map.of(
                "not json", "Body must be JSON {\"userId\": \"user_...\"}",
                "{}", "userId is required, e.g. {\"userId\": \"user_host\"}",
                "{\"userId\": 7}", "userId must be 1 to 64 letters, digits, _ or -",
                "{\"userId\": \"a b\"}", "userId must be 1 to 64 letters, digits, _ or -",
                "{\"userId\": \"user_a\", \"userSessionId\": \"s1\"}",
                "Unknown field userSessionId: Body must be JSON {\"userId\": \"user_...\"} (Stream names the connection; the answer says how)");
        List<String> wrong = new ArrayList<>();
        bodies.forEach((body, message) -> {
            Http.Reply reply = http.post(path, null, body);
            if (reply.status() != 400 || !message.equals(reply.json().get("message").asText())) {
                wrong.add(body + " -> " + reply);
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void controlsAnswerWrongMethodsAndUnknownPathsClearly() {
        Http.Reply get = http.get("/_local/stream/calls/c1/participants", null);
        Http.Reply recordingsGet = http.get("/_local/stream/recordings/finish", null);
        Http.Reply unknown = http.post("/_local/stream/recordings/pause", null, null);
        Http.Reply badCallId = http.post("/_local/stream/calls/a%20b/participants", null, "{\"userId\":\"user_a\"}");

        assertEquals(405, get.status());
        assertEquals("POST", get.header("allow"));
        assertEquals(405, recordingsGet.status());
        assertEquals(404, unknown.status());
        assertEquals(400, badCallId.status(), badCallId::toString);
    }
}
