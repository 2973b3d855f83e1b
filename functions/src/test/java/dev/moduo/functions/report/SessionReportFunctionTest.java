package dev.moduo.functions.report;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.caller;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.functions.streamwebhook.StreamWebhookFunction;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report after an interview, from Stream's webhooks (shapes of the reference, stream-permissions-recording.md
 * §6-7), on fixed times: the session starts at 10:00 and ends at 10:30 on 2026-11-26.
 */
class SessionReportFunctionTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-26T10:30:00Z");
    private static final String STREAM_SESSION = "5a8c1e3f-7b9d-4f2a-9c6e-1d3b5f7a9c2e";

    private static FunctionTestEnvironment env;
    private static SessionReportFunction function;
    private static StreamWebhookFunction webhooks;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        function = env.function(SessionReportFunction::new);
        webhooks = env.function(StreamWebhookFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        webhooks.close();
        env.close();
    }

    // --- the session and Stream's webhooks

    private static SessionView activeSession() {
        SessionView session = env.seedSession("user_host", "Two Sum", Clock.fixed(START, ZoneOffset.UTC));
        env.seedJoin(session.id(), "user_guest");
        return session;
    }

    private static void end(SessionView session) {
        try (ApplicationContext context = env.newContext(Clock.fixed(END, ZoneOffset.UTC)).start()) {
            context.getBean(SessionService.class).end(caller("user_host"), new ObjectId(session.id()),
                    Deadline.after(Duration.ofSeconds(9)));
        }
    }

    private static int deliver(String body, String webhookId) {
        return webhooks.handleRequest(env.streamWebhook(body, webhookId), lambdaContext("StreamWebhookFunction")).getStatusCode();
    }

    private static void deliver(String body) {
        assertEquals(200, deliver(body, UUID.randomUUID().toString()));
    }

    private static String participant(String type, SessionView session, String userId, String userSessionId,
                                      String joinedAt, String createdAt) {
        ObjectNode event = Json.object().put("type", type).put("created_at", createdAt)
                .put("call_cid", "default:" + session.callId()).put("session_id", STREAM_SESSION);
        ObjectNode participant = event.putObject("participant");
        participant.putObject("user").put("id", userId).put("name", userId).put("role", "user");
        participant.put("user_session_id", userSessionId).put("role", "user").put("joined_at", joinedAt);
        if (type.endsWith("_left")) {
            event.put("duration_seconds", 60);
        }
        return Json.write(event);
    }

    private static String joined(SessionView session, String userId, String userSessionId, String at) {
        return participant("call.session_participant_joined", session, userId, userSessionId, at, at);
    }

    private static String left(SessionView session, String userId, String userSessionId, String joinedAt, String at) {
        return participant("call.session_participant_left", session, userId, userSessionId, joinedAt, at);
    }

    private static ObjectNode statsEvent(SessionView session, String createdAt, double cqScore) {
        ObjectNode event = Json.object().put("type", "call.stats_report_ready").put("created_at", createdAt)
                .put("call_cid", "default:" + session.callId()).put("session_id", STREAM_SESSION)
                .put("is_trimmed", false);
        event.putObject("counts").put("participants", 2).put("sessions", 3).put("publishers", 2)
                .put("peak_concurrent_users", 2).put("cq_score", cqScore).put("average_jitter_ms", 12.5)
                .put("average_latency_ms", 48).put("max_freezes_duration_ms", 0).put("total_participant_duration", 3420);
        // Its shape is not documented field by field: the report gives it back as Stream sent it.
        event.putObject("participants_overview").putObject("user_guest").put("cq_score", 91);
        return event;
    }

    private static String stats(SessionView session, String createdAt, double cqScore) {
        return Json.write(statsEvent(session, createdAt, cqScore));
    }

    private static APIGatewayV2HTTPResponse report(String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("session-report.json", userId), sessionId),
                lambdaContext("SessionReportFunction"));
    }

    private static JsonNode interviewWithAReconnectAndStats() {
        SessionView session = activeSession();
        deliver(joined(session, "user_host", "us-host", "2026-11-26T10:01:00Z"));
        deliver(joined(session, "user_guest", "us-guest-1", "2026-11-26T10:02:00Z"));
        deliver(left(session, "user_guest", "us-guest-1", "2026-11-26T10:02:00Z", "2026-11-26T10:10:00Z"));
        deliver(joined(session, "user_guest", "us-guest-2", "2026-11-26T10:11:00Z"));
        deliver(left(session, "user_host", "us-host", "2026-11-26T10:01:00Z", "2026-11-26T10:29:00Z"));
        end(session);
        // After the end, as Stream makes it once the call session is over.
        deliver(stats(session, "2026-11-26T10:31:00Z", 87.5));
        APIGatewayV2HTTPResponse response = report(session.id(), "user_host");
        assertEquals(200, response.getStatusCode(), response.getBody());
        return body(response);
    }

    // --- the report

    @Test
    void reportGivesStartEndAndDurationOfTheSession() {
        JsonNode report = interviewWithAReconnectAndStats();
        assertEquals("2026-11-26T10:00:00.000Z", report.path("startedAt").asText());
        assertEquals("2026-11-26T10:30:00.000Z", report.path("endedAt").asText());
        assertEquals(1800, report.path("durationSeconds").asLong());
        assertEquals("user_host", report.path("hostId").asText());
        assertEquals("user_guest", report.path("participantId").asText());
    }

    @Test
    void reportGivesEveryConnectionFromWhenToWhenAndClosesTheOpenOneAtTheEnd() {
        JsonNode attendance = interviewWithAReconnectAndStats().path("attendance");
        assertEquals(3, attendance.size(), attendance.toString());
        assertInterval(attendance.get(0), "user_host", "us-host", "10:01:00", "10:29:00", 1680, false);
        assertInterval(attendance.get(1), "user_guest", "us-guest-1", "10:02:00", "10:10:00", 480, false);
        assertInterval(attendance.get(2), "user_guest", "us-guest-2", "10:11:00", "10:30:00", 1140, true);
    }

    private static void assertInterval(JsonNode interval, String userId, String userSessionId, String joined, String left,
                                       long seconds, boolean closedAtEnd) {
        assertEquals(userId, interval.path("userId").asText());
        assertEquals(userSessionId, interval.path("userSessionId").asText());
        assertEquals("2026-11-26T" + joined + ".000Z", interval.path("joinedAt").asText());
        assertEquals("2026-11-26T" + left + ".000Z", interval.path("leftAt").asText());
        assertEquals(seconds, interval.path("durationSeconds").asLong());
        assertEquals(closedAtEnd, interval.path("closedAtSessionEnd").asBoolean());
    }

    @Test
    void reportGivesTheQualitySummaryStreamSentAfterTheEnd() {
        JsonNode report = interviewWithAReconnectAndStats();
        JsonNode quality = report.path("callQuality");
        assertEquals(1, quality.size());
        assertEquals(STREAM_SESSION, quality.get(0).path("streamSessionId").asText());
        assertEquals("2026-11-26T10:31:00.000Z", quality.get(0).path("reportedAt").asText());
        assertEquals(87.5, quality.get(0).path("qualityScore").asDouble());
        assertEquals(3, quality.get(0).path("sessions").asLong());
        assertEquals(2, quality.get(0).path("peakConcurrentUsers").asLong());
        assertEquals(12.5, quality.get(0).path("averageJitterMs").asDouble());
        assertEquals(48.0, quality.get(0).path("averageLatencyMs").asDouble());
        assertEquals(3420.0, quality.get(0).path("totalParticipantDurationSeconds").asDouble());
        assertEquals(false, quality.get(0).path("trimmed").asBoolean(true));
        assertEquals(91, quality.get(0).path("participantsOverview").path("user_guest").path("cq_score").asInt());
        assertEquals(0, report.path("missing").size(), report.path("missing").toString());
    }

    @Test
    void reportWithoutAStatsReportSaysSoInsteadOfAQuality() {
        SessionView session = activeSession();
        deliver(joined(session, "user_host", "us-host", "2026-11-26T10:01:00Z"));
        end(session);

        JsonNode report = body(report(session.id(), "user_host"));

        assertTrue(report.has("callQuality"));
        assertTrue(report.path("callQuality").isNull());
        assertEquals("[\"callQuality: Stream sent no stats report\"]", report.path("missing").toString());
    }

    @Test
    void reportOfACallNobodyJoinedSaysNoParticipantEventCame() {
        SessionView session = activeSession();
        end(session);

        JsonNode report = body(report(session.id(), "user_guest"));

        assertEquals(0, report.path("attendance").size());
        assertTrue(report.path("missing").toString().contains("attendance: Stream sent no participant join or leave"));
    }

    @Test
    void participantSeesTheReport() {
        SessionView session = activeSession();
        end(session);
        assertEquals(200, report(session.id(), "user_guest").getStatusCode());
    }

    @Test
    void anyoneElseIsForbidden() {
        SessionView session = activeSession();
        end(session);
        APIGatewayV2HTTPResponse response = report(session.id(), "user_outsider");
        assertEquals(403, response.getStatusCode());
        assertEquals("Only the host and the participant can see this session's report", body(response).path("message").asText());
    }

    @Test
    void unknownSessionIsNotFound() {
        assertEquals(404, report(new ObjectId().toHexString(), "user_host").getStatusCode());
    }

    @Test
    void activeSessionHasNoReportYet() {
        SessionView session = activeSession();
        APIGatewayV2HTTPResponse response = report(session.id(), "user_host");
        assertEquals(409, response.getStatusCode());
        assertTrue(body(response).path("message").asText().contains("still active"));
    }

    // --- webhooks delivered twice, or out of order

    @Test
    void leaveBeforeItsJoinAndRedeliveriesLeaveOneInterval() {
        SessionView session = activeSession();
        String join = joined(session, "user_guest", "us-guest", "2026-11-26T10:02:00Z");
        String leave = left(session, "user_guest", "us-guest", "2026-11-26T10:02:00Z", "2026-11-26T10:20:00Z");
        assertEquals(200, deliver(leave, "delivery-leave"));
        assertEquals(200, deliver(join, "delivery-join"));
        assertEquals(200, deliver(join, "delivery-join"));
        // The same events again under other ids (a second webhook endpoint, or Stream sending them anew).
        deliver(join);
        deliver(leave);
        end(session);

        JsonNode attendance = body(report(session.id(), "user_host")).path("attendance");

        assertEquals(1, attendance.size(), attendance.toString());
        assertInterval(attendance.get(0), "user_guest", "us-guest", "10:02:00", "10:20:00", 1080, false);
    }

    @Test
    void leaveWhoseJoinNeverCameTakesTheJoinTimeTheLeaveCarries() {
        SessionView session = activeSession();
        deliver(left(session, "user_guest", "us-guest", "2026-11-26T10:05:00Z", "2026-11-26T10:15:00Z"));
        end(session);

        JsonNode report = body(report(session.id(), "user_host"));

        assertInterval(report.path("attendance").get(0), "user_guest", "us-guest", "10:05:00", "10:15:00", 600, false);
    }

    @Test
    void participantEventsOfACallThatIsNoSessionKeepNothing() {
        String stranger = Json.write(Json.object().put("type", "call.session_participant_joined")
                .put("created_at", "2026-11-26T10:01:00Z").put("call_cid", "default:not-a-moduo-call")
                .put("session_id", STREAM_SESSION)
                .set("participant", Json.object().put("user_session_id", "us-x").put("joined_at", "2026-11-26T10:01:00Z")
                        .set("user", Json.object().put("id", "user_x"))));
        deliver(stranger);
        assertEquals(0, env.mongo().database().getCollection("call_attendance")
                .countDocuments(new org.bson.Document("callId", "not-a-moduo-call")));
    }

    @Test
    void olderStatsReportArrivingLateDoesNotReplaceTheNewer() {
        SessionView session = activeSession();
        end(session);
        deliver(stats(session, "2026-11-26T10:32:00Z", 80));
        deliver(stats(session, "2026-11-26T10:31:00Z", 20));
        deliver(stats(session, "2026-11-26T10:32:00Z", 80));

        JsonNode quality = body(report(session.id(), "user_host")).path("callQuality");

        assertEquals(1, quality.size());
        assertEquals(80.0, quality.get(0).path("qualityScore").asDouble());
    }

    @Test
    void statsReportWithoutCountsIsABadRequest() {
        SessionView session = activeSession();
        ObjectNode event = statsEvent(session, "2026-11-26T10:31:00Z", 80);
        event.remove("counts");
        assertEquals(400, deliver(Json.write(event), UUID.randomUUID().toString()));
    }

    @Test
    void mongoDbDownAnswers503Quickly() {
        try (FunctionTestEnvironment down = new FunctionTestEnvironment()) {
            down.mongo().stop();
            long started = System.nanoTime();
            SessionReportFunction cold = down.function(SessionReportFunction::new);
            APIGatewayV2HTTPResponse response = cold.handleRequest(
                    withSessionId(down.eventAs("session-report.json", "user_host"), new ObjectId().toHexString()),
                    lambdaContext("SessionReportFunction"));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, response.getStatusCode());
            assertTrue(tookMillis < 10_000, "took " + tookMillis + " ms");
            cold.close();
        }
    }
}
