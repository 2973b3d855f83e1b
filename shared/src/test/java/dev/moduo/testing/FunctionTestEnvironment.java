package dev.moduo.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.auth.Caller;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.cleanup.CleanupSummary;
import dev.moduo.cleanup.SessionJanitor;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.session.Difficulty;
import dev.moduo.session.NewSession;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.stream.testing.StreamStandIn;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.types.ObjectId;

/**
 * Everything a function needs, for real but on this machine: MongoDB over the wire protocol
 * ({@link MongoTestServer}), Stream over HTTP ({@link StreamStandIn}, which checks every request
 * against Stream's API), and Clerk tokens signed with an RSA key made here ({@link ClerkTestIssuer}).
 * Functions get their settings the way they read them in AWS, by name.
 */
public final class FunctionTestEnvironment implements AutoCloseable {

    /** What a cleanup run gets in tests: about what the function's timeout leaves it in AWS. */
    public static final Duration CLEANUP_BUDGET = Duration.ofSeconds(50);

    private final MongoTestServer mongo = new MongoTestServer();
    private final StreamStandIn stream = new StreamStandIn();
    private final ClerkTestIssuer clerk = new ClerkTestIssuer();
    /** The Clerk webhook signing secret the functions of this environment are configured with. */
    public static final String CLERK_WEBHOOK_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("moduo test webhook signing key!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final Map<String, String> settings = new HashMap<>();
    private ApplicationContext seeding;

    public FunctionTestEnvironment() {
        settings.put("MONGODB_URI", mongo.uri());
        settings.put("MONGODB_DATABASE", mongo.databaseName());
        settings.putAll(stream.settings());
        settings.put("CLERK_JWKS_URL", clerk.jwksUrl());
        settings.put("CLERK_AUTHORIZED_PARTIES", ClerkTestIssuer.AUTHORIZED_PARTY);
        settings.put("CLERK_WEBHOOK_SECRET", CLERK_WEBHOOK_SECRET);
    }

    public MongoTestServer mongo() {
        return mongo;
    }

    public StreamStandIn stream() {
        return stream;
    }

    public ClerkTestIssuer clerk() {
        return clerk;
    }

    /** Changes a setting for functions created after this call. */
    public FunctionTestEnvironment set(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public Settings settings() {
        return Settings.of(settings);
    }

    /** A Micronaut context like the one Lambda builds, but with this environment's settings. */
    public ApplicationContext newContext() {
        return newContext(settings());
    }

    /** The same context with other settings, e.g. this environment's {@link #settings()} decorated. */
    public ApplicationContext newContext(Settings settings) {
        ApplicationContext context = ApplicationContext.builder()
                .environments("function", "lambda")
                .deduceEnvironment(false)
                .eagerInitSingletons(false)
                .build();
        context.registerSingleton(Settings.class, settings);
        // What the SDK's default chain finds in an on-demand Lambda (the access-key variables), given directly:
        // a test cannot set environment variables. The lifecycle harness runs the real chain.
        context.registerSingleton(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider.class, TestAws.fakeKeys());
        return context;
    }

    /** A context on {@code clock}: for fixtures whose times are fixed, so that no expectation depends on today's date. */
    public ApplicationContext newContext(Clock clock) {
        ApplicationContext context = newContext();
        context.registerSingleton(Clock.class, clock);
        return context;
    }

    /** Creates an active session through the real service, at the time {@code clock} tells. */
    public SessionView seedSession(String hostId, String problemTitle, Clock clock) {
        try (ApplicationContext context = newContext(clock).start()) {
            return context.getBean(SessionService.class).create(caller(hostId),
                    new NewSession(problemTitle, Difficulty.EASY), Deadline.after(Duration.ofSeconds(9))).session();
        }
    }

    /**
     * A context whose clock runs {@code later} ahead of the real one: what a cleanup run that much
     * later sees, with every lease taken until now run out.
     */
    public ApplicationContext newContextLater(Duration later) {
        ApplicationContext context = newContext();
        context.registerSingleton(Clock.class, Clock.offset(Clock.systemUTC(), later));
        return context;
    }

    /** One cleanup run, {@code later} from now, in a context of its own; closed before this returns. */
    public CleanupSummary runCleanup(Duration later) {
        try (ApplicationContext context = newContextLater(later).start()) {
            return context.getBean(SessionJanitor.class).run(Deadline.after(CLEANUP_BUDGET));
        }
    }

    /** Creates a handler as Lambda would, once per "execution environment". */
    public <T> T function(Function<ApplicationContext, T> constructor) {
        return constructor.apply(newContext());
    }

    /**
     * Loads a sample event the way the Lambda runtime deserializes it: with the {@code CustomPojoSerializer}
     * the function's jar registers, if it registers one, else with the runtime's own serializer.
     */
    public static APIGatewayV2HTTPEvent event(String fixture) {
        var registered = java.util.ServiceLoader.load(com.amazonaws.services.lambda.runtime.CustomPojoSerializer.class).findFirst();
        if (registered.isEmpty()) {
            return EventLoader.loadApiGatewayHttpEvent("events/" + fixture);
        }
        try (var json = FunctionTestEnvironment.class.getClassLoader().getResourceAsStream("events/" + fixture)) {
            if (json == null) {
                throw new IllegalArgumentException("No sample event events/" + fixture);
            }
            return registered.get().fromJson(json, APIGatewayV2HTTPEvent.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The event, sent by {@code userId} with a fresh Clerk session token in the Authorization header. */
    public APIGatewayV2HTTPEvent eventAs(String fixture, String userId) {
        return withToken(event(fixture), clerk.token(userId));
    }

    public static APIGatewayV2HTTPEvent withToken(APIGatewayV2HTTPEvent event, String token) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + token);
        event.setHeaders(headers);
        return event;
    }

    public static APIGatewayV2HTTPEvent withoutAuthorization(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        event.setHeaders(headers);
        return event;
    }

    public static APIGatewayV2HTTPEvent withSessionId(APIGatewayV2HTTPEvent event, String sessionId) {
        event.setPathParameters(Map.of("sessionId", sessionId));
        String template = event.getRouteKey().substring(event.getRouteKey().indexOf(' ') + 1);
        String path = template.replace("{sessionId}", sessionId);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        return event;
    }

    /** The sample Stream webhook with {@code body}, signed as Stream signs it, delivered as {@code webhookId}. */
    public APIGatewayV2HTTPEvent streamWebhook(String body, String webhookId) {
        APIGatewayV2HTTPEvent event = event("stream-webhook.json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-signature", StreamWebhookVerifier.sign(bytes, stream.apiSecret()));
        headers.put("x-webhook-id", webhookId);
        headers.put("x-api-key", stream.apiKey());
        headers.put("content-length", Integer.toString(bytes.length));
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    /**
     * The webhooks the Stream stand-in would have sent since they were last taken (participants, call end,
     * recordings, stats), each signed and with its own delivery id, in order: what a test hands the Stream
     * webhook function to play Stream's side.
     */
    public List<APIGatewayV2HTTPEvent> streamWebhooks() {
        return stream.takeEvents().stream()
                .map(event -> streamWebhook(Json.write(event), "standin-" + java.util.UUID.randomUUID()))
                .toList();
    }

    public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        return event;
    }

    public static APIGatewayV2HTTPEvent withQuery(APIGatewayV2HTTPEvent event, Map<String, String> query) {
        event.setQueryStringParameters(query);
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> raw.append(raw.length() == 0 ? "" : "&").append(k).append('=').append(v));
        event.setRawQueryString(raw.toString());
        return event;
    }

    public static TestLambdaContext lambdaContext(String functionName) {
        return new TestLambdaContext(functionName);
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.read(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("Response body is not JSON: " + response.getBody(), e);
        }
    }

    /** Creates an active session through the real service (MongoDB and the Stream stand-in). */
    public SessionView seedSession(String hostId, String problemTitle) {
        return seeding().getBean(SessionService.class).create(caller(hostId),
                new NewSession(problemTitle, Difficulty.EASY), Deadline.after(Duration.ofSeconds(9))).session();
    }

    public SessionView seedJoin(String sessionId, String userId) {
        return seeding().getBean(SessionService.class).join(caller(userId), new ObjectId(sessionId), Deadline.after(Duration.ofSeconds(9))).session();
    }

    /**
     * {@code hostId} is in the session's call (in the Stream stand-in) and starts recording it through the real
     * service; needs {@code RECORDING=on} in this environment before its first seeding.
     */
    public void seedRecording(String sessionId, String hostId) {
        SessionView session = seeding().getBean(SessionService.class).get(new ObjectId(sessionId)).session();
        stream.connectParticipant(session.callId(), hostId, "seeded-" + hostId + "-" + sessionId);
        seeding().getBean(dev.moduo.recording.RecordingService.class).start(caller(hostId), new ObjectId(sessionId),
                Deadline.after(Duration.ofSeconds(9)));
    }

    public SessionView seedEnd(String sessionId, String hostId) {
        return seeding().getBean(SessionService.class).end(caller(hostId), new ObjectId(sessionId), Deadline.after(Duration.ofSeconds(9))).session();
    }

    public static Caller caller(String userId) {
        return new Caller(userId, "sess_" + userId, null, null, null);
    }

    private synchronized ApplicationContext seeding() {
        if (seeding == null) {
            seeding = newContext().start();
        }
        return seeding;
    }

    /** Every document of the test database, as sorted text: to show that something (SnapStart priming) wrote nothing. */
    public List<String> allDocuments() {
        var database = mongo.database();
        List<String> documents = new java.util.ArrayList<>();
        for (String collection : database.listCollectionNames()) {
            for (org.bson.Document document : database.getCollection(collection).find()) {
                documents.add(collection + " " + document.toJson());
            }
        }
        documents.sort(String::compareTo);
        return documents;
    }

    /** Stream requests that broke Stream's documented API; tests assert this is empty. */
    public List<String> streamViolations() {
        return stream.violations();
    }

    @Override
    public void close() {
        if (seeding != null) {
            seeding.close();
        }
        try {
            stream.close();
            clerk.close();
        } finally {
            mongo.close();
        }
    }
}
