package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.fixtures.BrokenStartFunction;
import dev.moduo.local.fixtures.ScheduledFunction;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runner's own behaviour, over real HTTP, with fixture functions (src/test/java/.../fixtures) that
 * show what a function receives and return what a function may: events, responses, CORS, routing,
 * failures, timeouts and the invoke API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixtureRunnerTest {

    static final Path TEMPLATE = Path.of("src/test/resources/fixture-template.yaml");
    /** Real-looking settings, so no embedded service starts and /_local/ must not exist. */
    static final Map<String, String> GIVEN_SETTINGS = Map.of(
            "MONGODB_URI", "mongodb://127.0.0.1:9",
            "STREAM_API_KEY", "fixture-key",
            "STREAM_API_SECRET", "fixture-secret",
            "CLERK_JWKS_URL", "http://127.0.0.1:9/.well-known/jwks.json");

    private final List<String> log = new CopyOnWriteArrayList<>();
    private LocalRunner runner;
    private Http http;

    @BeforeAll
    void start() {
        runner = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(TEMPLATE).withSchedules(false),
                GIVEN_SETTINGS, log::add);
        http = new Http(runner.baseUrl());
    }

    @AfterAll
    void stop() {
        runner.close();
    }

    private JsonNode echo(Http.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    @Test
    void functionReceivesThePayload2EventApiGatewayBuilds() {
        long before = Instant.now().toEpochMilli();
        Http.Reply reply = http.send(http.request("/things/a%20b/echo?x=1&x=2&y=%C3%A9")
                .header("Cookie", "c1=v1; c2=v2")
                .header("X-Custom", "Value")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"k\":1}"))
                .build());
        JsonNode event = echo(reply).get("event");

        assertEquals("2.0", event.get("version").asText());
        assertEquals("POST /things/{thingId}/echo", event.get("routeKey").asText());
        assertEquals("/things/a%20b/echo", event.get("rawPath").asText());
        assertEquals("x=1&x=2&y=%C3%A9", event.get("rawQueryString").asText());
        assertEquals(List.of("c1=v1", "c2=v2"), LocalJson.MAPPER.convertValue(event.get("cookies"), List.class));
        assertEquals("Value", event.get("headers").get("x-custom").asText());
        assertFalse(event.get("headers").has("cookie"), "cookies travel in the cookies field only");
        event.get("headers").fieldNames().forEachRemaining(name -> assertEquals(name.toLowerCase(), name));
        assertEquals("1,2", event.get("queryStringParameters").get("x").asText());
        assertEquals("é", event.get("queryStringParameters").get("y").asText());
        assertEquals("a b", event.get("pathParameters").get("thingId").asText());
        assertEquals("{\"k\":1}", event.get("body").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());

        JsonNode context = event.get("requestContext");
        assertEquals("POST", context.get("http").get("method").asText());
        assertEquals("/things/a%20b/echo", context.get("http").get("path").asText());
        assertEquals("127.0.0.1", context.get("http").get("sourceIp").asText());
        assertEquals("$default", context.get("stage").asText());
        assertEquals("POST /things/{thingId}/echo", context.get("routeKey").asText());
        assertEquals(reply.header("apigw-requestid"), context.get("requestId").asText());
        long epoch = context.get("timeEpoch").asLong();
        assertTrue(epoch >= before && epoch <= Instant.now().toEpochMilli(), "timeEpoch " + epoch);
        assertTrue(context.get("time").asText().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"),
                context.get("time").asText());
    }

    /** No hand-off to another thread: on a busy machine each one is a wake-up that the request waits for. */
    @Test
    void theFunctionRunsOnTheThreadThatReceivedTheRequest() {
        assertTrue(echo(http.get("/things/42", null)).get("thread").asText().startsWith("request-"));
    }

    @Test
    void requestWithoutBodyHasNoBodyField() {
        JsonNode event = echo(http.get("/things/42", null)).get("event");

        assertFalse(event.has("body"));
        assertFalse(event.has("cookies"));
        assertFalse(event.has("queryStringParameters"));
        assertEquals("GET /things/{thingId}", event.get("routeKey").asText());
    }

    @Test
    void contextHasTheFunctionsNameMemoryAndATimeoutCountdown() {
        JsonNode seen = echo(http.get("/things/1", null));

        assertEquals("EchoFunction", seen.get("functionName").asText());
        assertEquals(256, seen.get("memoryMb").asInt(), "the function's MemorySize overrides Globals");
        int remaining = seen.get("remainingMs").asInt();
        assertTrue(remaining > 0 && remaining <= 5_000, "remaining " + remaining + " of the 5 s Timeout");
        assertFalse(seen.get("awsRequestId").asText().isBlank());
    }

    @Test
    void templateLiteralsReachTheFunctionsButUnresolvableValuesDoNot() {
        JsonNode seen = echo(http.get("/things/1", null));

        assertEquals("hello", seen.get("greeting").asText());
        assertTrue(seen.get("unknown").isNull(), "!Sub '${AWS::Region}' has no local value");
    }

    @Test
    void responseCookiesBecomeOneSetCookieHeaderEach() {
        Http.Reply reply = http.get("/things/1", null);

        assertEquals(List.of("first=1; Path=/; HttpOnly", "second=2; Path=/"), reply.headers("set-cookie"));
        assertEquals("yes", reply.header("x-echo"));
    }

    @Test
    void corsHeadersComeFromTheTemplateAndReplaceTheFunctions() {
        Http.Reply reply = http.send(http.request("/things/1").header("Origin", "http://localhost:5173").GET().build());

        assertEquals(List.of("http://localhost:5173"), reply.headers("access-control-allow-origin"));
        assertEquals("true", reply.header("access-control-allow-credentials"));
        assertEquals("x-echo", reply.header("access-control-expose-headers"));
    }

    @Test
    void otherOriginsGetNoCorsHeaders() {
        Http.Reply reply = http.send(http.request("/things/1").header("Origin", "https://elsewhere.example").GET().build());

        assertEquals(200, reply.status());
        assertNull(reply.header("access-control-allow-origin"));
    }

    @Test
    void preflightIsAnsweredByTheGatewayFromTheTemplate() {
        Http.Reply reply = http.send(http.request("/things/1/echo")
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

        assertEquals(204, reply.status());
        assertEquals("http://localhost:5173", reply.header("access-control-allow-origin"));
        assertEquals("GET,POST,OPTIONS", reply.header("access-control-allow-methods"));
        assertEquals("authorization,content-type", reply.header("access-control-allow-headers"));
        assertEquals("600", reply.header("access-control-max-age"));
        assertEquals("true", reply.header("access-control-allow-credentials"));
        assertTrue(log.stream().noneMatch(line -> line.startsWith("OPTIONS") && line.contains("EchoFunction")),
                "the function never sees a preflight");
    }

    @Test
    void staticSegmentBeatsAPathParameter() {
        Http.Reply special = http.get("/things/special", null);

        assertEquals(200, special.status());
        assertEquals("application/json", special.header("content-type"));
        assertEquals("GET /things/special", special.json().get("routeKey").asText(),
                "a result without statusCode is sent as the JSON body");
        assertEquals("GET /things/{thingId}", echo(http.get("/things/ordinary", null)).get("event").get("routeKey").asText());
    }

    @Test
    void unknownPathIsNotFound() {
        Http.Reply reply = http.get("/nowhere", null);

        assertEquals(404, reply.status());
        assertEquals("Not Found", reply.json().get("message").asText());
    }

    @Test
    void knownPathWithAnotherMethodIsNotFound() {
        Http.Reply reply = http.post("/things/1", null, "{}");

        assertEquals(404, reply.status());
        assertEquals("Not Found", reply.json().get("message").asText());
    }

    @Test
    void binaryBodiesArriveBase64EncodedAndBase64ResponsesAreDecoded() {
        Http.Reply reply = http.send(http.request("/binary")
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3, (byte) 0xFF}))
                .build());

        assertEquals(201, reply.status());
        assertEquals("application/octet-stream", reply.header("content-type"));
        assertTrue(Arrays.equals(new byte[] {(byte) 0xFF, 3, 2, 1}, reply.bytes()), Arrays.toString(reply.bytes()));
    }

    @Test
    void binaryBodyWhoseEventStaysUnderSixMegabytesReachesTheFunction() {
        // 4 MiB base64-encode to about 5.6 MB, under Lambda's 6 MiB with the rest of the event.
        Http.Reply reply = http.send(http.request("/binary")
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024]))
                .build());

        assertEquals(201, reply.status());
        assertEquals(4 * 1024 * 1024, reply.bytes().length);
    }

    @Test
    void binaryBodyUnderSixMegabytesWhoseBase64EventIsOverIs413BeforeTheFunctionRuns() {
        // 5 MiB is under both limits as a body, but its base64 in the event is about 7 MB.
        Http.Reply reply = http.send(http.request("/binary")
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024]))
                .build());

        assertEquals(413, reply.status());
        assertEquals("Request Entity Too Large", reply.json().get("message").asText());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("POST /binary -> gateway (event over Lambda's 6 MB) 413")),
                log::toString);
    }

    @Test
    void textBodyOverSixMegabytesIs413() {
        Http.Reply reply = http.send(http.request("/things/a/echo")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("\"" + "x".repeat(6 * 1024 * 1024) + "\""))
                .build());

        assertEquals(413, reply.status());
        assertEquals("Request Entity Too Large", reply.json().get("message").asText());
    }

    @Test
    void bodyOverTenMegabytesIs413() {
        Http.Reply reply = http.send(http.request("/binary")
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1]))
                .build());

        assertEquals(413, reply.status());
        assertEquals("Request Entity Too Large", reply.json().get("message").asText());
    }

    @Test
    void functionThatThrowsGives500AndTheRunnerKeepsServing() {
        Http.Reply reply = http.get("/throws", null);

        assertEquals(500, reply.status());
        assertEquals("Internal Server Error", reply.json().get("message").asText());
        assertEquals(200, http.get("/things/special", null).status());
    }

    @Test
    void functionThatCannotStartGives500OnItsRouteAndIsTriedAgain() {
        int attempts = BrokenStartFunction.ATTEMPTS.get();

        Http.Reply first = http.get("/broken", null);
        Http.Reply second = http.get("/broken", null);

        assertEquals(500, first.status());
        assertEquals("Internal Server Error", first.json().get("message").asText());
        assertEquals(500, second.status());
        assertEquals(attempts + 2, BrokenStartFunction.ATTEMPTS.get(), "each request tries to start it again");
        assertTrue(log.contains("BrokenStartFunction failed to start: IllegalStateException: Setting FIXTURE_REQUIRED is not set"),
                log::toString);
        assertEquals(200, http.get("/things/special", null).status());
    }

    @Test
    void missingHandlerClassIsAnnouncedAndAnswers500() {
        assertTrue(runner.announcements().stream().anyMatch(line -> line.startsWith("Warning: MissingClassFunction: handler class"
                + " dev.moduo.local.fixtures.NoSuchFunction is not on the runner's classpath")), runner.announcements()::toString);
        Http.Reply reply = http.get("/missing", null);

        assertEquals(500, reply.status());
        assertEquals("Internal Server Error", reply.json().get("message").asText());
    }

    @Test
    void functionThatOutlivesItsTimeoutGives500() {
        long started = System.nanoTime();
        Http.Reply reply = http.get("/slow", null);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(500, reply.status());
        assertTrue(tookMs < 15_000, "answered after " + tookMs + " ms, not after the function's 30 s");
        assertTrue(log.stream().anyMatch(line -> line.startsWith("SlowFunction") && line.endsWith("Task timed out after 1.00 seconds")),
                log::toString);
    }

    @Test
    void aFunctionThatIgnoresItsInterruptIsStillAnsweredAtItsTimeout() {
        long started = System.nanoTime();
        Http.Reply reply = http.get("/stubborn", null);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(500, reply.status());
        assertEquals("Internal Server Error", reply.json().get("message").asText());
        assertTrue(tookMs < 3_000, "answered after " + tookMs + " ms, not at the 1 s Timeout (the function takes 4 s)");
    }

    @Test
    void invokeApiRunsAFunctionWithThePostedEvent() {
        ScheduledFunction.EVENTS.clear();
        Http.Reply reply = http.post("/2015-03-31/functions/ScheduledFunction/invocations", null, "{\"hello\":\"world\"}");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("direct", reply.json().get("handled").asText());
        assertNull(reply.header("x-amz-function-error"));
        assertEquals(Map.of("hello", "world"), ScheduledFunction.EVENTS.poll());
    }

    @Test
    void invokeApiReturnsAnHttpFunctionsRawResult() {
        ObjectNode event = LocalJson.object();
        event.put("version", "2.0");
        event.put("routeKey", "GET /things/{thingId}");
        event.put("rawPath", "/things/7");
        Http.Reply reply = http.post("/2015-03-31/functions/EchoFunction/invocations", null, event.toString());

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(200, reply.json().get("statusCode").asInt());
        assertTrue(reply.json().get("body").asText().contains("/things/7"));
    }

    @Test
    void invokeApiAcceptsAnArnWithAQualifier() {
        Http.Reply reply = http.post("/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ScheduledFunction:live/invocations",
                null, "{}");

        assertEquals(200, reply.status(), reply::toString);
    }

    @Test
    void invokeApiReportsAFunctionErrorAsLambdaDoes() {
        Http.Reply reply = http.post("/2015-03-31/functions/ThrowingFunction/invocations", null, "{}");

        assertEquals(200, reply.status());
        assertEquals("Unhandled", reply.header("x-amz-function-error"));
        assertEquals("IllegalStateException", reply.json().get("errorType").asText());
        assertEquals("fixture failure", reply.json().get("errorMessage").asText());
    }

    @Test
    void invokeApiAnswersUnknownFunctionsWith404() {
        Http.Reply reply = http.post("/2015-03-31/functions/NoSuchFunction/invocations", null, "{}");

        assertEquals(404, reply.status());
        assertEquals("ResourceNotFoundException", reply.header("x-amzn-errortype"));
    }

    @Test
    void invokeApiRejectsAnEventThatIsNotJson() {
        Http.Reply reply = http.post("/2015-03-31/functions/ScheduledFunction/invocations", null, "{not json");

        assertEquals(400, reply.status());
        assertEquals("InvalidRequestContentException", reply.header("x-amzn-errortype"));
    }

    @Test
    void localEndpointsDoNotExistWhenRealSettingsAreGiven() {
        for (String path : List.of("/_local/token?user=user_host", "/_local/jwks.json", "/_local/stream")) {
            Http.Reply reply = http.get(path, null);
            assertEquals(404, reply.status(), path);
            assertEquals("Not Found", reply.json().get("message").asText());
        }
    }

    @Test
    void healthSaysReadyOnceStartedAndIsNotLogged() {
        Http.Reply reply = http.get("/_local/health", null);

        assertEquals(200, reply.status());
        assertEquals("Ready", reply.json().get("message").asText());
        assertTrue(log.stream().noneMatch(line -> line.contains("/_local/health")), log::toString);
    }

    @Test
    void givenSettingsAreAnnouncedInsteadOfEmbeddedServices() {
        List<String> lines = runner.announcements();

        assertTrue(lines.contains("MongoDB: MONGODB_URI is set; database moduo"), lines::toString);
        assertTrue(lines.contains("Stream: STREAM_API_KEY is set: the real Stream app"), lines::toString);
        assertTrue(lines.contains("Clerk: CLERK_JWKS_URL is set"), lines::toString);
        assertTrue(lines.contains("Schedules: off (--no-schedules)"), lines::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("Listening on " + runner.baseUrl()), lines::toString);
    }

    @Test
    void secondRunnerOnTheSamePortIsRefusedWithAClearMessage() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> LocalRunner.start(RunnerOptions.defaults().withPort(runner.port()).withTemplate(TEMPLATE),
                        GIVEN_SETTINGS, line -> { }));

        assertTrue(refused.getMessage().startsWith("Port " + runner.port() + " is in use"), refused.getMessage());
        assertNotNull(http.get("/things/special", null));
    }
}
