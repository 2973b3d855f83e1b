package dev.moduo.functions.get;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.core.Json;
import dev.moduo.functions.cleanup.CleanupStaleSessionsFunction;
import dev.moduo.functions.create.CreateSessionFunction;
import dev.moduo.functions.end.EndSessionFunction;
import dev.moduo.functions.join.JoinSessionFunction;
import dev.moduo.functions.streamwebhook.StreamWebhookFunction;
import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract's still session: the web client's call hook depends on the polled {@code session} object, so
 * between join and end the bytes of that object must not change, whatever moves beside it. Every function runs
 * on one clock that moves forward between steps, so any write of "now" into the session would show.
 */
class SessionStaysStillTest {

    private static final String HOST = "user_still_host";
    private static final String GUEST = "user_still_guest";

    private FunctionTestEnvironment env;
    private MutableClock clock;
    private final List<AutoCloseable> functions = new ArrayList<>();
    private GetSessionFunction get;
    private JoinSessionFunction join;
    private StreamWebhookFunction webhook;
    private String sessionId;
    private String callId;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
        // Tokens are signed on the wall clock and live a minute: the functions' clock starts there and the whole
        // walk stays well inside that minute. No expectation below depends on the time itself.
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        get = open(new GetSessionFunction(env.newContext(clock)));
        join = open(new JoinSessionFunction(env.newContext(clock)));
        webhook = open(new StreamWebhookFunction(env.newContext(clock)));
        CreateSessionFunction create = open(new CreateSessionFunction(env.newContext(clock)));
        APIGatewayV2HTTPResponse created = create.handleRequest(withBody(env.eventAs("create-session.json", HOST),
                "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}"), lambdaContext("CreateSessionFunction"));
        assertEquals(201, created.getStatusCode(), created.getBody());
        sessionId = body(created).path("session").path("_id").asText();
        callId = body(created).path("session").path("callId").asText();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable function : functions) {
            function.close();
        }
        env.close();
    }

    private <T extends AutoCloseable> T open(T function) {
        functions.add(function);
        return function;
    }

    @Test
    void theSessionObjectIsByteForByteTheSameBetweenJoinAndEndWhilePresenceMoves() throws Exception {
        assertEquals(200, joinAs(GUEST).getStatusCode());
        String atJoin = sessionBytes(poll(HOST));
        Set<String> presenceSeen = new HashSet<>();
        Set<String> sessionsSeen = new HashSet<>();

        List<Runnable> happenings = List.of(
                () -> deliver(participantEvent("call.session_participant_joined", HOST, "host-tab-1")),
                () -> deliver(participantEvent("call.session_participant_joined", GUEST, "guest-tab-1")),
                () -> deliver(participantEvent("call.session_participant_left", GUEST, "guest-tab-1")),
                () -> assertEquals(200, joinAs(GUEST).getStatusCode(), "the guest reloads the page"),
                () -> deliver(participantEvent("call.session_participant_joined", GUEST, "guest-tab-2")),
                this::cleanupFindsSomeoneInTheCall,
                () -> deliver(participantEvent("call.session_participant_left", HOST, "host-tab-1")));
        for (Runnable happening : happenings) {
            clock.advance(Duration.ofSeconds(2));
            happening.run();
            for (String viewer : List.of(HOST, GUEST)) {
                String polled = poll(viewer);
                sessionsSeen.add(sessionBytes(polled));
                presenceSeen.add(Json.MAPPER.readTree(polled).path("presence").toString());
            }
        }

        assertEquals(Set.of(atJoin), sessionsSeen, "the session object changed between join and end");
        assertTrue(presenceSeen.size() >= 3, "presence must have moved beside it: " + presenceSeen);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(200, end().getStatusCode());
        String afterEnd = sessionBytes(poll(GUEST));
        assertNotEquals(atJoin, afterEnd, "ending is a change the polling page must see");
        assertEquals("completed", Json.MAPPER.readTree(afterEnd).path("status").asText());
    }

    @Test
    void presenceBesideTheSessionCountsWhoIsConnectedNow() throws Exception {
        assertEquals(200, joinAs(GUEST).getStatusCode());
        deliver(participantEvent("call.session_participant_joined", HOST, "host-tab-1"));
        deliver(participantEvent("call.session_participant_joined", GUEST, "guest-tab-1"));

        var presence = Json.MAPPER.readTree(poll(HOST)).path("presence");

        assertEquals(2, presence.path("participantsInCall").asInt());
        assertEquals(List.of(GUEST, HOST).toString(), Json.MAPPER.convertValue(presence.path("connectedUserIds"),
                List.class).toString());
    }

    // --- the steps, each through the real function

    private String poll(String userId) {
        APIGatewayV2HTTPResponse response = get.handleRequest(
                withSessionId(env.eventAs("get-session.json", userId), sessionId), lambdaContext("GetSessionFunction"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response.getBody();
    }

    private APIGatewayV2HTTPResponse joinAs(String userId) {
        return join.handleRequest(withSessionId(env.eventAs("join-session.json", userId), sessionId),
                lambdaContext("JoinSessionFunction"));
    }

    private APIGatewayV2HTTPResponse end() {
        try (EndSessionFunction end = new EndSessionFunction(env.newContext(clock))) {
            return end.handleRequest(withSessionId(env.eventAs("end-session.json", HOST), sessionId),
                    lambdaContext("EndSessionFunction"));
        }
    }

    /** A cleanup run long after the last recorded activity, while Stream says the guest is in the call. */
    private void cleanupFindsSomeoneInTheCall() {
        env.stream().connectParticipant(callId, GUEST, "guest-tab-2");
        try (CleanupStaleSessionsFunction cleanup = new CleanupStaleSessionsFunction(
                env.newContext(Clock.offset(clock, Duration.ofHours(3))))) {
            Map<String, Object> summary = cleanup.handleRequest(Map.of(),
                    new TestLambdaContext("CleanupStaleSessionsFunction", 60_000));
            assertEquals(0, summary.get("ended"), summary.toString());
            assertEquals(1, summary.get("examined"), summary.toString());
        }
    }

    private void deliver(String body) {
        APIGatewayV2HTTPResponse response = webhook.handleRequest(env.streamWebhook(body, UUID.randomUUID().toString()),
                lambdaContext("StreamWebhookFunction"));
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    private String participantEvent(String type, String userId, String userSessionId) {
        var event = Json.object().put("type", type).put("call_cid", "default:" + callId)
                .put("session_id", "5a8c1e3f-7b9d-4f2a-9c6e-1d3b5f7a9c2e").put("created_at", clock.instant().toString());
        var participant = event.putObject("participant");
        participant.putObject("user").put("id", userId).put("name", userId).put("role", "user");
        participant.put("user_session_id", userSessionId).put("role", "user").put("joined_at", clock.instant().toString());
        return Json.write(event);
    }

    /** The session object exactly as written on the wire, cut out of the body without parsing it. */
    private static String sessionBytes(String body) {
        String start = "{\"session\":";
        String end = ",\"presence\":";
        assertTrue(body.startsWith(start) && body.contains(end), body);
        return body.substring(start.length(), body.indexOf(end));
    }
}
