package dev.moduo.deployment;

import static dev.moduo.deployment.Scenario.Condition.DATABASE_DOWN;
import static dev.moduo.deployment.Scenario.Condition.HEALTHY;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static dev.moduo.testing.FunctionTestEnvironment.withQuery;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.limits.LimitedAction;
import dev.moduo.session.SessionView;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.webhook.SvixVerifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.types.ObjectId;

/**
 * The scenario table: for each "METHOD /path STATUS" that openapi.yaml declares, the requests that make
 * the real function answer it. OpenApiTest runs them all; the deployment settings test runs each route's
 * success scenario. A route added to openapi.yaml needs its rows here (the test lists what is missing).
 */
final class RouteScenarios {

    static final String CREATE = "POST /api/sessions";
    static final String ACTIVE = "GET /api/sessions/active";
    static final String RECENT = "GET /api/sessions/recent";
    static final String GET = "GET /api/sessions/{sessionId}";
    static final String JOIN = "POST /api/sessions/{sessionId}/join";
    static final String END = "POST /api/sessions/{sessionId}/end";
    static final String REPORT = "GET /api/sessions/{sessionId}/report";
    static final String RECORDINGS = "GET /api/sessions/{sessionId}/recordings";
    static final String START_RECORDING = "POST /api/sessions/{sessionId}/recordings/start";
    static final String STOP_RECORDING = "POST /api/sessions/{sessionId}/recordings/stop";
    static final String TOKEN = "GET /api/chats/token";
    static final String CLERK_WEBHOOK = "POST /api/webhooks/clerk";
    static final String STREAM_WEBHOOK = "POST /api/webhooks/stream";

    static final String VALID_SESSION = "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}";
    /** One byte over the 1 MB limit, and valid JSON otherwise. */
    static final String OVERSIZED_BODY = "{\"problemTitle\":\""
            + "x".repeat(1024 * 1024 - "{\"problemTitle\":\"\",\"difficulty\":\"easy\"}".length() + 1)
            + "\",\"difficulty\":\"easy\"}";

    private final Map<String, List<Scenario>> table = new LinkedHashMap<>();

    private RouteScenarios() {
    }

    /** Keyed "METHOD /path STATUS", e.g. "POST /api/sessions 201". */
    static Map<String, List<Scenario>> all() {
        RouteScenarios s = new RouteScenarios();

        s.add(CREATE, 201, "valid title and difficulty", stage -> stage.send(withBody(stage.request(Stage.newUser()), VALID_SESSION)));
        s.add(CREATE, 400, "difficulty missing", stage ->
                stage.send(withBody(stage.request(Stage.newUser()), "{\"problemTitle\":\"Two Sum\"}")));
        s.add(CREATE, 400, "no body", stage -> stage.send(withBody(stage.request(Stage.newUser()), null)));
        s.add(CREATE, 401, "no token", stage -> stage.send(withBody(stage.anonymous(), VALID_SESSION)));
        s.add(CREATE, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser()), OVERSIZED_BODY)));
        s.add(CREATE, 415, "form-encoded body", stage -> stage.send(withHeader(
                withBody(stage.request(Stage.newUser()), "problemTitle=Two+Sum&difficulty=easy"),
                "content-type", "application/x-www-form-urlencoded")));
        s.add(CREATE, 502, "Stream refuses the call", stage -> {
            stage.env().stream().failNext("GetOrCreateCall", Fault.status(400, 4, "GetOrCreateCall failed"), 1);
            return stage.send(withBody(stage.request(Stage.newUser()), VALID_SESSION));
        });
        s.add(CREATE, 503, "Stream unavailable", stage -> {
            stage.env().stream().failNext("GetOrCreateChannel", Fault.unavailable(), 100);
            return stage.send(withBody(stage.request(Stage.newUser()), VALID_SESSION));
        });
        s.add(CREATE, 429, "the hour's creates spent, on refused bodies too", stage -> {
            String user = Stage.newUser();
            spend(LimitedAction.CREATE_SESSION, () -> stage.send(withBody(stage.request(user), null)));
            return stage.send(withBody(stage.request(user), VALID_SESSION));
        });
        s.addWhenDatabaseDown(CREATE, "MongoDB gone", stage -> stage.send(withBody(stage.request(Stage.newUser()), VALID_SESSION)));

        for (String list : List.of(ACTIVE, RECENT)) {
            s.add(list, 200, "first page", stage -> stage.send(stage.request(Stage.newUser())));
            s.add(list, 400, "limit out of range", stage -> stage.send(withQuery(stage.request(Stage.newUser()), Map.of("limit", "101"))));
            s.add(list, 400, "limit not a number", stage -> stage.send(withQuery(stage.request(Stage.newUser()), Map.of("limit", "ten"))));
            s.add(list, 400, "cursor not one we made", stage -> stage.send(withQuery(stage.request(Stage.newUser()), Map.of("cursor", "bm9wZQ"))));
            s.add(list, 401, "no token", stage -> stage.send(stage.anonymous()));
            s.add(list, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser()), OVERSIZED_BODY)));
            s.addWhenDatabaseDown(list, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser())));
        }

        s.add(GET, 200, "a visible session", stage -> stage.send(stage.request(Stage.newUser(), seed(stage).id())));
        s.add(GET, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "not-a-session-id")));
        s.add(GET, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(GET, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(GET, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.addWhenDatabaseDown(GET, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        s.add(JOIN, 200, "a free seat", stage -> stage.send(stage.request(Stage.newUser(), seed(stage).id())));
        s.add(JOIN, 200, "the same participant again", stage -> {
            String session = seed(stage).id();
            String participant = Stage.newUser();
            stage.env().seedJoin(session, participant);
            return stage.send(stage.request(participant, session));
        });
        s.add(JOIN, 400, "the host joining", stage -> {
            String host = Stage.newUser();
            return stage.send(stage.request(host, stage.env().seedSession(host, "Two Sum").id()));
        });
        s.add(JOIN, 400, "an ended session", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedEnd(session, host);
            return stage.send(stage.request(Stage.newUser(), session));
        });
        s.add(JOIN, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "zzz")));
        s.add(JOIN, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(JOIN, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(JOIN, 409, "seat taken by someone else", stage -> {
            String session = seed(stage).id();
            stage.env().seedJoin(session, Stage.newUser());
            return stage.send(stage.request(Stage.newUser(), session));
        });
        s.add(JOIN, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.add(JOIN, 502, "Stream refuses the channel member", stage -> {
            String session = seed(stage).id();
            stage.env().stream().failNext("UpdateChannel", Fault.status(400, 4, "UpdateChannel failed"), 1);
            return stage.send(stage.request(Stage.newUser(), session));
        });
        s.add(JOIN, 503, "Stream unavailable", stage -> {
            String session = seed(stage).id();
            stage.env().stream().failNext("UpdateChannel", Fault.unavailable(), 100);
            return stage.send(stage.request(Stage.newUser(), session));
        });
        s.add(JOIN, 429, "the hour's joins spent, on unknown ids too", stage -> {
            String user = Stage.newUser();
            spend(LimitedAction.JOIN_SESSION, () -> stage.send(stage.request(user, new ObjectId().toHexString())));
            return stage.send(stage.request(user, seed(stage).id()));
        });
        s.addWhenDatabaseDown(JOIN, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        s.add(END, 200, "the host ends", stage -> {
            String host = Stage.newUser();
            return stage.send(stage.request(host, stage.env().seedSession(host, "Two Sum").id()));
        });
        s.add(END, 200, "the host ends while Stream is down", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().stream().failNext("EndCall", Fault.unavailable(), 100);
            return stage.send(stage.request(host, session));
        });
        s.add(END, 200, "ending again", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedEnd(session, host);
            return stage.send(stage.request(host, session));
        });
        s.add(END, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "123")));
        s.add(END, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(END, 403, "not the host", stage -> stage.send(stage.request(Stage.newUser(), seed(stage).id())));
        s.add(END, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(END, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.addWhenDatabaseDown(END, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        s.add(REPORT, 200, "the host of an ended session", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedEnd(session, host);
            return stage.send(stage.request(host, session));
        });
        s.add(REPORT, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "123")));
        s.add(REPORT, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(REPORT, 403, "neither host nor participant", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedEnd(session, host);
            return stage.send(stage.request(Stage.newUser(), session));
        });
        s.add(REPORT, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(REPORT, 409, "the session is still active", stage -> {
            String host = Stage.newUser();
            return stage.send(stage.request(host, stage.env().seedSession(host, "Two Sum").id()));
        });
        s.add(REPORT, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.addWhenDatabaseDown(REPORT, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        // The recording routes run where the deployment records (RECORDING=on in the environments that run these).
        s.add(RECORDINGS, 200, "the host of a recorded session", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedRecording(session, host);
            return stage.send(stage.request(host, session));
        });
        s.add(RECORDINGS, 200, "the participant of a session nobody recorded", stage -> {
            String session = seed(stage).id();
            String participant = Stage.newUser();
            stage.env().seedJoin(session, participant);
            return stage.send(stage.request(participant, session));
        });
        s.add(RECORDINGS, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "123")));
        s.add(RECORDINGS, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(RECORDINGS, 403, "neither host nor participant", stage -> stage.send(stage.request(Stage.newUser(), seed(stage).id())));
        s.add(RECORDINGS, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(RECORDINGS, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.add(RECORDINGS, 502, "Stream refuses the listing", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedRecording(session, host);
            stage.env().stream().failNext("ListRecordings", Fault.status(403, 17, "ListRecordings failed"), 1);
            return stage.send(stage.request(host, session));
        });
        s.add(RECORDINGS, 503, "Stream unavailable", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedRecording(session, host);
            stage.env().stream().failNext("ListRecordings", Fault.unavailable(), 100);
            return stage.send(stage.request(host, session));
        });
        s.addWhenDatabaseDown(RECORDINGS, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        s.add(START_RECORDING, 202, "the host, someone in the call", stage -> {
            String host = Stage.newUser();
            SessionView session = stage.env().seedSession(host, "Two Sum");
            stage.env().stream().connectParticipant(session.callId(), host, "scenario-" + session.id());
            return stage.send(stage.request(host, session.id()));
        });
        s.add(START_RECORDING, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "123")));
        s.add(START_RECORDING, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(START_RECORDING, 403, "not the host", stage -> stage.send(stage.request(Stage.newUser(), seed(stage).id())));
        s.add(START_RECORDING, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(START_RECORDING, 409, "nobody in the call", stage -> {
            String host = Stage.newUser();
            return stage.send(stage.request(host, stage.env().seedSession(host, "Two Sum").id()));
        });
        s.add(START_RECORDING, 409, "an ended session", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedEnd(session, host);
            return stage.send(stage.request(host, session));
        });
        s.add(START_RECORDING, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.add(START_RECORDING, 502, "Stream refuses the start", stage -> {
            String host = Stage.newUser();
            SessionView session = stage.env().seedSession(host, "Two Sum");
            stage.env().stream().connectParticipant(session.callId(), host, "scenario-" + session.id());
            stage.env().stream().failNext("StartRecording", Fault.status(403, 17, "StartRecording failed"), 1);
            return stage.send(stage.request(host, session.id()));
        });
        s.add(START_RECORDING, 503, "Stream unavailable", stage -> {
            String host = Stage.newUser();
            SessionView session = stage.env().seedSession(host, "Two Sum");
            stage.env().stream().connectParticipant(session.callId(), host, "scenario-" + session.id());
            stage.env().stream().failNext("StartRecording", Fault.unavailable(), 100);
            return stage.send(stage.request(host, session.id()));
        });
        s.addWhenDatabaseDown(START_RECORDING, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        s.add(STOP_RECORDING, 202, "the host, while recording", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedRecording(session, host);
            return stage.send(stage.request(host, session));
        });
        s.add(STOP_RECORDING, 400, "malformed id", stage -> stage.send(stage.request(Stage.newUser(), "123")));
        s.add(STOP_RECORDING, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(STOP_RECORDING, 403, "not the host", stage -> stage.send(stage.request(Stage.newUser(), seed(stage).id())));
        s.add(STOP_RECORDING, 404, "unknown id", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));
        s.add(STOP_RECORDING, 409, "nothing being recorded", stage -> {
            String host = Stage.newUser();
            return stage.send(stage.request(host, stage.env().seedSession(host, "Two Sum").id()));
        });
        s.add(STOP_RECORDING, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser(), seed(stage).id()), OVERSIZED_BODY)));
        s.add(STOP_RECORDING, 502, "Stream refuses the stop", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedRecording(session, host);
            stage.env().stream().failNext("StopRecording", Fault.status(403, 17, "StopRecording failed"), 1);
            return stage.send(stage.request(host, session));
        });
        s.add(STOP_RECORDING, 503, "Stream unavailable", stage -> {
            String host = Stage.newUser();
            String session = stage.env().seedSession(host, "Two Sum").id();
            stage.env().seedRecording(session, host);
            stage.env().stream().failNext("StopRecording", Fault.unavailable(), 100);
            return stage.send(stage.request(host, session));
        });
        s.addWhenDatabaseDown(STOP_RECORDING, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser(), new ObjectId().toHexString())));

        s.add(TOKEN, 200, "signed-in user", stage -> stage.send(stage.request(Stage.newUser())));
        s.add(TOKEN, 401, "no token", stage -> stage.send(stage.anonymous()));
        s.add(TOKEN, 413, "body over 1 MB", stage -> stage.send(withBody(stage.request(Stage.newUser()), OVERSIZED_BODY)));
        s.add(TOKEN, 429, "the hour's tokens spent", stage -> {
            String user = Stage.newUser();
            spend(LimitedAction.STREAM_TOKEN, () -> stage.send(stage.request(user)));
            return stage.send(stage.request(user));
        });
        s.addWhenDatabaseDown(TOKEN, "MongoDB gone", stage -> stage.send(stage.request(Stage.newUser())));

        s.add(CLERK_WEBHOOK, 200, "user.created, freshly signed", stage -> stage.send(clerkDelivery(stage, userCreated(Stage.newUser()))));
        s.add(CLERK_WEBHOOK, 200, "a redelivery", stage -> {
            APIGatewayV2HTTPEvent delivery = clerkDelivery(stage, userCreated(Stage.newUser()));
            stage.send(delivery);
            return stage.send(delivery);
        });
        s.add(CLERK_WEBHOOK, 400, "no svix headers", stage -> stage.send(withoutHeaders(stage.sample(), "svix-id", "svix-timestamp", "svix-signature")));
        s.add(CLERK_WEBHOOK, 401, "signed with another secret, long ago", stage -> stage.send(stage.sample()));
        s.add(CLERK_WEBHOOK, 401, "tampered body", stage -> {
            APIGatewayV2HTTPEvent delivery = clerkDelivery(stage, userCreated(Stage.newUser()));
            return stage.send(withBody(delivery, delivery.getBody().replace("Ada", "Eve")));
        });
        s.add(CLERK_WEBHOOK, 413, "body over 1 MB", stage -> stage.send(clerkDelivery(stage, OVERSIZED_BODY)));
        s.addWhenDatabaseDown(CLERK_WEBHOOK, "MongoDB gone", stage -> stage.send(clerkDelivery(stage, userCreated(Stage.newUser()))));

        s.add(STREAM_WEBHOOK, 200, "participant joined, freshly signed", stage -> {
            SessionView session = seed(stage);
            return stage.send(streamDelivery(stage, participantJoined(session.callId(), Stage.newUser())));
        });
        s.add(STREAM_WEBHOOK, 200, "an event type Moduo ignores", stage ->
                stage.send(streamDelivery(stage, "{\"type\":\"call.reaction_new\",\"created_at\":\"2026-11-26T10:00:00Z\"}")));
        s.add(STREAM_WEBHOOK, 401, "signed with another secret", stage -> stage.send(stage.sample()));
        s.add(STREAM_WEBHOOK, 401, "no signature", stage -> stage.send(withoutHeaders(stage.sample(), "x-signature")));
        s.addWhenDatabaseDown(STREAM_WEBHOOK, "MongoDB gone", stage ->
                stage.send(streamDelivery(stage, participantJoined("a-call-nobody-knows", Stage.newUser()))));

        return s.table;
    }

    private static String userCreated(String userId) {
        long now = System.currentTimeMillis();
        return "{\"type\":\"user.created\",\"object\":\"event\",\"timestamp\":" + now + ",\"data\":{"
                + "\"id\":\"" + userId + "\",\"object\":\"user\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\","
                + "\"username\":null,\"image_url\":\"https://img.clerk.com/ada.png\",\"primary_email_address_id\":\"idn_1\","
                + "\"email_addresses\":[{\"id\":\"idn_1\",\"object\":\"email_address\",\"email_address\":\"ada@example.com\"}],"
                + "\"created_at\":" + now + ",\"updated_at\":" + now + "}}";
    }

    private static String participantJoined(String callId, String userId) {
        return "{\"type\":\"call.session_participant_joined\",\"created_at\":\"" + java.time.Instant.now() + "\","
                + "\"call_cid\":\"default:" + callId + "\",\"session_id\":\"" + java.util.UUID.randomUUID() + "\","
                + "\"participant\":{\"user\":{\"id\":\"" + userId + "\"},\"user_session_id\":\"" + java.util.UUID.randomUUID()
                + "\",\"role\":\"user\",\"joined_at\":\"" + java.time.Instant.now() + "\"}}";
    }

    /** The route's sample event carrying {@code body}, signed now the way Svix signs for Clerk. */
    private static APIGatewayV2HTTPEvent clerkDelivery(Stage stage, String body) {
        String svixId = "msg_" + java.util.UUID.randomUUID().toString().replace("-", "");
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        APIGatewayV2HTTPEvent event = withBody(stage.sample(), body);
        event = withHeader(event, "svix-id", svixId);
        event = withHeader(event, "svix-timestamp", timestamp);
        return withHeader(event, "svix-signature", SvixVerifier.sign(FunctionTestEnvironment.CLERK_WEBHOOK_SECRET,
                svixId, timestamp, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The route's sample event carrying {@code body}, signed the way Stream signs with the app's secret. */
    private static APIGatewayV2HTTPEvent streamDelivery(Stage stage, String body) {
        APIGatewayV2HTTPEvent event = withBody(stage.sample(), body);
        event = withHeader(event, "x-webhook-id", java.util.UUID.randomUUID().toString());
        return withHeader(event, "x-signature", StreamWebhookVerifier.sign(
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), stage.env().stream().apiSecret()));
    }

    private static APIGatewayV2HTTPEvent withoutHeaders(APIGatewayV2HTTPEvent event, String... names) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        for (String name : names) {
            headers.remove(name);
        }
        event.setHeaders(headers);
        return event;
    }

    /** The success scenario of a route: its first 2xx row, run with everything up. */
    static Scenario success(String route) {
        return all().entrySet().stream()
                .filter(row -> row.getKey().startsWith(route + " 2"))
                .flatMap(row -> row.getValue().stream())
                .filter(scenario -> scenario.condition() == HEALTHY)
                .findFirst()
                .orElseThrow(() -> new AssertionError("RouteScenarios has no 2xx scenario for " + route));
    }

    /** Sends as many requests as the action's default limit allows in an hour (the template's default too). */
    private static void spend(LimitedAction action, java.util.function.Supplier<APIGatewayV2HTTPResponse> request) {
        for (int i = 0; i < action.defaultLimit(); i++) {
            int status = request.get().getStatusCode();
            if (status == 429) {
                throw new AssertionError(action + " refused request " + (i + 1) + " of its limit " + action.defaultLimit());
            }
        }
    }

    private void add(String route, int status, String name, Function<Stage, APIGatewayV2HTTPResponse> run) {
        table.computeIfAbsent(route + " " + status, key -> new ArrayList<>()).add(new Scenario(name, HEALTHY, run));
    }

    private void addWhenDatabaseDown(String route, String name, Function<Stage, APIGatewayV2HTTPResponse> run) {
        table.computeIfAbsent(route + " 503", key -> new ArrayList<>()).add(new Scenario(name, DATABASE_DOWN, run));
    }

    /** An active session hosted by a fresh user, made through the real service. */
    private static SessionView seed(Stage stage) {
        return stage.env().seedSession(Stage.newUser(), "Two Sum");
    }

    private static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put(name, value);
        event.setHeaders(headers);
        return event;
    }
}
