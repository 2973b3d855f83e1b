package dev.moduo.functions.clerkwebhook;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.core.Json;
import dev.moduo.lambda.ApiGatewayEvents;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.StandInUser;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.user.PublicUser;
import dev.moduo.webhook.DeliveryLog;
import dev.moduo.webhook.SvixVerifier;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClerkWebhookFunctionTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("moduo clerk webhook test secret!".getBytes(StandardCharsets.US_ASCII));
    /** The secret the sample event in events/ is signed with: Svix's published test secret. */
    private static final String SAMPLE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SAMPLE_USER = "user_2pQx7aZ9kLmN3oPqR5sT7uVwXyZ";

    private static FunctionTestEnvironment env;
    private static ClerkWebhookFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment().set(SvixVerifier.SECRET_SETTING, SECRET);
        function = env.function(ClerkWebhookFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    @BeforeEach
    void clearFaults() {
        env.stream().clearFaults();
    }

    // --- deliveries

    private static APIGatewayV2HTTPEvent signed(String body, String svixId, long timestamp, String secret) {
        APIGatewayV2HTTPEvent event = FunctionTestEnvironment.event("clerk-webhook.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        String seconds = Long.toString(timestamp);
        headers.put("svix-id", svixId);
        headers.put("svix-timestamp", seconds);
        headers.put("svix-signature", SvixVerifier.sign(secret, svixId, seconds, body.getBytes(StandardCharsets.UTF_8)));
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    private static APIGatewayV2HTTPEvent signed(String body, String svixId) {
        return signed(body, svixId, Instant.now().getEpochSecond(), SECRET);
    }

    private static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return function.handleRequest(event, lambdaContext("ClerkWebhookFunction"));
    }

    private static APIGatewayV2HTTPResponse deliver(String body) {
        return send(signed(body, newSvixId()));
    }

    private static String newSvixId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
    }

    private static String newUserId() {
        return "user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
    }

    private static String userEvent(String type, String userId, long updatedAt, String firstName, String lastName) {
        ObjectNode data = Json.object()
                .put("id", userId)
                .put("object", "user")
                .put("first_name", firstName)
                .put("last_name", lastName)
                .putNull("username")
                .put("image_url", "https://img.clerk.com/" + userId + "/" + updatedAt)
                .put("primary_email_address_id", "idn_" + updatedAt)
                .put("created_at", 1795687100000L)
                .put("updated_at", updatedAt);
        data.putArray("email_addresses").add(Json.object()
                .put("id", "idn_" + updatedAt)
                .put("object", "email_address")
                .put("email_address", firstName.toLowerCase() + "." + updatedAt + "@example.com"));
        ObjectNode event = Json.object().put("object", "event").put("type", type)
                .put("timestamp", updatedAt + 20).put("instance_id", "ins_test");
        event.set("data", data);
        return Json.write(event);
    }

    private static String deletedEvent(String userId) {
        ObjectNode event = Json.object().put("object", "event").put("type", "user.deleted")
                .put("timestamp", 1795687300000L).put("instance_id", "ins_test");
        event.putObject("data").put("id", userId).put("object", "user").put("deleted", true);
        return Json.write(event);
    }

    // --- state

    private static Document storedUser(String clerkId) {
        return env.mongo().database().getCollection("users").find(new Document("clerkId", clerkId)).first();
    }

    private static Document storedSession(String sessionId) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(sessionId))).first();
    }

    private static long upsertsOf(String userId) {
        return env.stream().requests("UpdateUsers").stream().filter(r -> r.body().path("users").has(userId)).count();
    }

    private static long deletionsOf(String userId) {
        return env.stream().requests("DeleteUsers").stream()
                .filter(r -> r.body().path("user_ids").toString().contains("\"" + userId + "\"")).count();
    }

    private static boolean recorded(String svixId) {
        return env.mongo().database().getCollection(DeliveryLog.COLLECTION).find(new Document("_id", "clerk:" + svixId))
                .first() != null;
    }

    // --- the sample event

    @Test
    void sampleUserCreatedSavesTheUserAndTheStreamUser() {
        APIGatewayV2HTTPEvent sample = FunctionTestEnvironment.event("clerk-webhook.json");
        APIGatewayV2HTTPResponse response = send(signed(sample.getBody(), sample.getHeaders().get("svix-id")));

        assertEquals(200, response.getStatusCode(), response.getBody());
        Document user = storedUser(SAMPLE_USER);
        assertEquals("Ada Lovelace", user.getString("name"));
        assertEquals("ada.lovelace@example.com", user.getString("email"));
        assertTrue(user.getString("profileImageUrl").startsWith("https://img.clerk.com/"));
        assertEquals(1795687189540L, user.getLong("clerkUpdatedAt"));
        assertNotNull(user.getDate("streamSyncedAt"));
        StandInUser streamUser = env.stream().user(SAMPLE_USER).orElseThrow();
        assertEquals("Ada Lovelace", streamUser.name());
        assertEquals(user.getString("profileImageUrl"), streamUser.image());
        assertEquals(List.of(), env.streamViolations());
    }

    @Test
    void sampleEventCarriesAValidSignatureOfSvixsTestSecret() {
        APIGatewayV2HTTPEvent sample = FunctionTestEnvironment.event("clerk-webhook.json");
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(sample.getHeaders().get("svix-timestamp")));
        SvixVerifier verifier = SvixVerifier.withSecret(SAMPLE_SECRET, Clock.fixed(signedAt, ZoneOffset.UTC));

        assertEquals(sample.getHeaders().get("svix-id"), verifier.verify(ApiGatewayEvents.toRequest(sample), dev.moduo.core.Deadline.after(java.time.Duration.ofSeconds(5))));
    }

    @Test
    void sampleEventAsItIsIsRefusedForItsTimestampOnceFiveMinutesHavePassed() {
        // On a clock of its own, not today's date, and with the secret the sample is signed with, so that
        // only its age can refuse it.
        APIGatewayV2HTTPEvent sample = FunctionTestEnvironment.event("clerk-webhook.json");
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(sample.getHeaders().get("svix-timestamp")));
        ApplicationContext context = env.newContext(env.settings().with(Map.of(SvixVerifier.SECRET_SETTING, SAMPLE_SECRET)));
        context.registerSingleton(Clock.class, new MutableClock(signedAt.plusSeconds(301)));

        APIGatewayV2HTTPResponse response;
        try (ClerkWebhookFunction late = new ClerkWebhookFunction(context)) {
            response = late.handleRequest(sample, lambdaContext("ClerkWebhookFunction"));
        }

        assertEquals(401, response.getStatusCode());
        assertEquals("Webhook timestamp is too old", body(response).path("message").asText());
    }

    // --- created and updated

    @Test
    void updateChangesNameEmailAndImageInMongoAndStream() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Brewster"));

        APIGatewayV2HTTPResponse response = deliver(userEvent("user.updated", userId, 2_000, "Grace", "Hopper"));

        assertEquals(200, response.getStatusCode());
        Document user = storedUser(userId);
        assertEquals("Grace Hopper", user.getString("name"));
        assertEquals("grace.2000@example.com", user.getString("email"));
        assertEquals("https://img.clerk.com/" + userId + "/2000", user.getString("profileImageUrl"));
        assertEquals(2_000L, user.getLong("clerkUpdatedAt"));
        assertEquals("Grace Hopper", env.stream().user(userId).orElseThrow().name());
        assertEquals("https://img.clerk.com/" + userId + "/2000", env.stream().user(userId).orElseThrow().image());
    }

    @Test
    void olderUpdateArrivingAfterANewerOneChangesNothing() {
        String userId = newUserId();
        deliver(userEvent("user.updated", userId, 2_000, "Grace", "Hopper"));

        APIGatewayV2HTTPResponse response = deliver(userEvent("user.updated", userId, 1_500, "Grace", "Brewster"));

        assertEquals(200, response.getStatusCode());
        assertTrue(body(response).path("message").asText().startsWith("Ignored"));
        assertEquals("Grace Hopper", storedUser(userId).getString("name"));
        assertEquals(2_000L, storedUser(userId).getLong("clerkUpdatedAt"));
        assertEquals("Grace Hopper", env.stream().user(userId).orElseThrow().name());
        assertEquals(1, upsertsOf(userId));
    }

    @Test
    void createdArrivingAfterAnUpdateChangesNothing() {
        String userId = newUserId();
        deliver(userEvent("user.updated", userId, 2_000, "Grace", "Hopper"));
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Brewster"));

        assertEquals("Grace Hopper", storedUser(userId).getString("name"));
        assertEquals("Grace Hopper", env.stream().user(userId).orElseThrow().name());
    }

    @Test
    void webhookFillsInTheRecordASessionTokenMade() {
        String userId = newUserId();
        SessionView session = env.seedSession(userId, "Two Sum");
        ObjectId recordId = storedUser(userId).getObjectId("_id");
        assertNull(storedUser(userId).get("clerkUpdatedAt"));

        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));

        assertEquals(recordId, storedUser(userId).getObjectId("_id"));
        assertEquals("Grace Hopper", storedUser(userId).getString("name"));
        assertEquals("Grace Hopper", sessions().get(new org.bson.types.ObjectId(session.id())).session().host().name());
        assertEquals("Grace Hopper", env.stream().user(userId).orElseThrow().name());
    }

    // --- replays

    @Test
    void replayedDeliveryDoesTheWorkOnceAndAnswers200BothTimes() {
        String userId = newUserId();
        APIGatewayV2HTTPEvent delivery = signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"), newSvixId());
        String body = delivery.getBody();
        Map<String, String> headers = delivery.getHeaders();

        APIGatewayV2HTTPResponse first = send(delivery);
        APIGatewayV2HTTPEvent again = FunctionTestEnvironment.event("clerk-webhook.json");
        again.setHeaders(headers);
        again.setBody(body);
        APIGatewayV2HTTPResponse second = send(again);

        assertEquals(200, first.getStatusCode());
        assertEquals(200, second.getStatusCode());
        assertEquals("Already handled", body(second).path("message").asText());
        assertEquals(1, upsertsOf(userId));
    }

    @Test
    void replayedDeletionDeletesOnce() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        APIGatewayV2HTTPEvent deletion = signed(deletedEvent(userId), newSvixId());
        Map<String, String> headers = deletion.getHeaders();

        assertEquals(200, send(deletion).getStatusCode());
        APIGatewayV2HTTPEvent again = FunctionTestEnvironment.event("clerk-webhook.json");
        again.setHeaders(headers);
        again.setBody(deletedEvent(userId));
        assertEquals(200, send(again).getStatusCode());

        assertEquals(1, deletionsOf(userId));
    }

    // --- refused deliveries

    @Test
    void tamperedBodyIsRefusedAndNothingIsWritten() {
        String userId = newUserId();
        String svixId = newSvixId();
        APIGatewayV2HTTPEvent delivery = signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"), svixId);
        delivery.setBody(delivery.getBody().replace("Hopper", "Hacker"));

        APIGatewayV2HTTPResponse response = send(delivery);

        assertEquals(401, response.getStatusCode());
        assertEquals("No matching webhook signature", body(response).path("message").asText());
        assertNull(storedUser(userId));
        assertTrue(env.stream().user(userId).isEmpty());
        assertFalse(recorded(svixId));
    }

    @Test
    void signatureMadeWithAnotherSecretIsRefused() {
        String userId = newUserId();
        String other = "whsec_" + Base64.getEncoder().encodeToString("a different endpoint's secret...".getBytes(StandardCharsets.US_ASCII));
        APIGatewayV2HTTPResponse response = send(signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"),
                newSvixId(), Instant.now().getEpochSecond(), other));

        assertEquals(401, response.getStatusCode());
        assertNull(storedUser(userId));
    }

    @Test
    void staleTimestampIsRefused() {
        String userId = newUserId();
        APIGatewayV2HTTPResponse response = send(signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"),
                newSvixId(), Instant.now().getEpochSecond() - 301, SECRET));

        assertEquals(401, response.getStatusCode());
        assertEquals("Webhook timestamp is too old", body(response).path("message").asText());
        assertNull(storedUser(userId));
    }

    @Test
    void futureTimestampIsRefused() {
        String userId = newUserId();
        APIGatewayV2HTTPResponse response = send(signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"),
                newSvixId(), Instant.now().getEpochSecond() + 301, SECRET));

        assertEquals(401, response.getStatusCode());
        assertEquals("Webhook timestamp is too new", body(response).path("message").asText());
        assertNull(storedUser(userId));
    }

    @Test
    void oneValidSignatureAmongSeveralIsEnough() {
        String userId = newUserId();
        APIGatewayV2HTTPEvent delivery = signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"), newSvixId());
        Map<String, String> headers = new HashMap<>(delivery.getHeaders());
        // As during a secret rotation: the old secret's signature first, then the current one.
        headers.put("svix-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + headers.get("svix-signature"));
        delivery.setHeaders(headers);

        assertEquals(200, send(delivery).getStatusCode());
        assertEquals("Grace Hopper", storedUser(userId).getString("name"));
    }

    @Test
    void missingSignatureHeaderIsABadRequest() {
        String userId = newUserId();
        APIGatewayV2HTTPEvent delivery = signed(userEvent("user.created", userId, 1_000, "Grace", "Hopper"), newSvixId());
        Map<String, String> headers = new HashMap<>(delivery.getHeaders());
        headers.remove("svix-signature");
        delivery.setHeaders(headers);

        APIGatewayV2HTTPResponse response = send(delivery);

        assertEquals(400, response.getStatusCode());
        assertEquals("Missing svix-signature header", body(response).path("message").asText());
        assertNull(storedUser(userId));
    }

    @Test
    void signedBodyThatIsNotJsonIsABadRequest() {
        APIGatewayV2HTTPResponse response = deliver("user.created user_1");
        assertEquals(400, response.getStatusCode());
        assertEquals("Webhook body is not valid JSON", body(response).path("message").asText());
    }

    @Test
    void userEventWithoutUpdatedAtIsABadRequest() {
        String userId = newUserId();
        String body = userEvent("user.updated", userId, 1_000, "Grace", "Hopper").replace("\"updated_at\":1000", "\"updated_at\":null");
        APIGatewayV2HTTPResponse response = deliver(body);

        assertEquals(400, response.getStatusCode());
        assertEquals("data.updated_at must be a number of milliseconds", body(response).path("message").asText());
        assertNull(storedUser(userId));
    }

    @Test
    void eventTypeModuoDoesNotHandleIsAcceptedAndChangesNothing() {
        long users = env.mongo().database().getCollection("users").countDocuments();
        String body = "{\"data\":{\"id\":\"sess_2pQx\",\"object\":\"session\",\"user_id\":\"user_1\"},\"object\":\"event\",\"type\":\"session.created\"}";

        APIGatewayV2HTTPResponse response = deliver(body);

        assertEquals(200, response.getStatusCode());
        assertEquals("Ignored: Moduo does not act on session.created", body(response).path("message").asText());
        assertEquals(users, env.mongo().database().getCollection("users").countDocuments());
    }

    // --- deletion

    @Test
    void deletionRemovesTheProfileAndTheStreamUser() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        assertTrue(env.stream().user(userId).isPresent());

        APIGatewayV2HTTPResponse response = deliver(deletedEvent(userId));

        assertEquals(200, response.getStatusCode());
        assertNull(storedUser(userId));
        assertTrue(env.stream().user(userId).isEmpty());
        assertEquals(1, deletionsOf(userId));
        assertEquals(List.of(), env.streamViolations());
    }

    @Test
    void deletionEndsTheActiveSessionsTheUserHostsAsTheHostWould() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        SessionView hosted = env.seedSession(userId, "Two Sum");
        env.seedJoin(hosted.id(), "user_guest_of_" + userId);

        deliver(deletedEvent(userId));

        Document session = storedSession(hosted.id());
        assertEquals("completed", session.getString("status"));
        assertEquals("host-deleted", session.getString("endedReason"));
        assertFalse(session.getBoolean("teardownPending"));
        assertTrue(env.stream().requests("EndCall").stream().anyMatch(r -> r.path().contains(hosted.callId())));
        assertTrue(env.stream().call(hosted.callId()).map(c -> c.deleted() && c.hardDeleted()).orElse(false), "the call was not hard-deleted");
        assertTrue(env.stream().channel(hosted.callId()).isEmpty());
    }

    @Test
    void sessionsStayReadableShowingTheDeletedUser() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        SessionView hosted = env.seedSession(userId, "Two Sum");

        deliver(deletedEvent(userId));

        SessionView view = sessions().get(new org.bson.types.ObjectId(hosted.id())).session();
        assertEquals("completed", view.status());
        assertEquals(PublicUser.deleted(userId), view.host());
    }

    @Test
    void sessionTheUserOnlyJoinedStaysActive() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        SessionView joined = env.seedSession("user_host_of_" + userId, "Two Sum");
        env.seedJoin(joined.id(), userId);

        deliver(deletedEvent(userId));

        SessionView view = sessions().get(new org.bson.types.ObjectId(joined.id())).session();
        assertEquals("active", view.status());
        assertEquals(PublicUser.deleted(userId), view.participant());
    }

    @Test
    void updateArrivingAfterTheDeletionDoesNotBringTheUserBack() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        deliver(deletedEvent(userId));

        APIGatewayV2HTTPResponse response = deliver(userEvent("user.updated", userId, 2_000, "Grace", "Hopper"));

        assertEquals(200, response.getStatusCode());
        assertNull(storedUser(userId));
        assertTrue(env.stream().user(userId).isEmpty());
    }

    @Test
    void streamTeardownFailureDuringADeletionIsLeftForTheCleanup() {
        String userId = newUserId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        SessionView hosted = env.seedSession(userId, "Two Sum");
        env.stream().failNext("EndCall", Fault.unavailable(), 100);

        APIGatewayV2HTTPResponse response = deliver(deletedEvent(userId));

        assertEquals(200, response.getStatusCode());
        assertEquals("completed", storedSession(hosted.id()).getString("status"));
        assertTrue(storedSession(hosted.id()).getBoolean("teardownPending"));
        assertTrue(env.stream().user(userId).isEmpty());
    }

    // --- failures the sender must retry

    @Test
    void streamOutageAnswers503WithoutRecordingTheDeliverySoTheRetryFinishesIt() {
        String userId = newUserId();
        String svixId = newSvixId();
        String body = userEvent("user.created", userId, 1_000, "Grace", "Hopper");
        env.stream().failNext("UpdateUsers", Fault.unavailable(), 100);

        APIGatewayV2HTTPResponse failed = send(signed(body, svixId));

        assertEquals(503, failed.getStatusCode());
        assertFalse(recorded(svixId));
        assertTrue(env.stream().user(userId).isEmpty());

        env.stream().clearFaults();
        APIGatewayV2HTTPResponse retried = send(signed(body, svixId));

        assertEquals(200, retried.getStatusCode());
        assertTrue(recorded(svixId));
        assertEquals("Grace Hopper", storedUser(userId).getString("name"));
        assertEquals("Grace Hopper", env.stream().user(userId).orElseThrow().name());
    }

    @Test
    void streamOutageDuringADeletionAnswers503AndTheRetryDeletes() {
        String userId = newUserId();
        String svixId = newSvixId();
        deliver(userEvent("user.created", userId, 1_000, "Grace", "Hopper"));
        env.stream().failNext("DeleteUsers", Fault.unavailable(), 100);

        assertEquals(503, send(signed(deletedEvent(userId), svixId)).getStatusCode());
        assertFalse(recorded(svixId));
        assertTrue(env.stream().user(userId).isPresent());

        env.stream().clearFaults();
        assertEquals(200, send(signed(deletedEvent(userId), svixId)).getStatusCode());
        assertTrue(env.stream().user(userId).isEmpty());
    }

    @Test
    void mongoOutageAnswers503Quickly() {
        try (FunctionTestEnvironment down = new FunctionTestEnvironment().set(SvixVerifier.SECRET_SETTING, SECRET)) {
            ClerkWebhookFunction handler = down.function(ClerkWebhookFunction::new);
            down.mongo().stop();
            long started = System.nanoTime();

            APIGatewayV2HTTPResponse response = handler.handleRequest(
                    signed(userEvent("user.created", newUserId(), 1_000, "Grace", "Hopper"), newSvixId()),
                    lambdaContext("ClerkWebhookFunction"));

            assertEquals(503, response.getStatusCode());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 10_000);
            handler.close();
        }
    }

    @Test
    void missingSecretIsAServerErrorThatShowsNothing() {
        try (FunctionTestEnvironment unconfigured = new FunctionTestEnvironment().set(SvixVerifier.SECRET_SETTING, "")) {
            ClerkWebhookFunction handler = unconfigured.function(ClerkWebhookFunction::new);
            APIGatewayV2HTTPResponse response = handler.handleRequest(
                    signed(userEvent("user.created", newUserId(), 1_000, "Grace", "Hopper"), newSvixId()),
                    lambdaContext("ClerkWebhookFunction"));

            assertEquals(500, response.getStatusCode());
            assertEquals("Internal server error", body(response).path("message").asText());
            handler.close();
        }
    }

    private static SessionService sessions() {
        return function.getApplicationContext().getBean(SessionService.class);
    }
}
