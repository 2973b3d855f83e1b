package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.deployment.SamTemplate.SamFunction;
import dev.moduo.deployment.SamTemplate.SamRoute;
import dev.moduo.lambda.ApiGatewaySerializer;
import dev.moduo.lifecycle.ExecutionEnvironment;
import dev.moduo.lifecycle.FunctionSpec;
import dev.moduo.lifecycle.GatedTcpProxy;
import dev.moduo.lifecycle.Launch;
import dev.moduo.lifecycle.Outcome;
import dev.moduo.lifecycle.Readiness;
import dev.moduo.lifecycle.Shape;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function template.yaml deploys, started the way Lambda starts it: from the jar its {@code CodeUri} names,
 * with its {@code Handler}, its {@code MemorySize} and its template environment (values pointed at this machine's
 * MongoDB, Stream stand-in, Clerk issuer and Secrets Manager stand-in), by AWS's runtime interface client in a
 * fresh JVM, in both lifecycle shapes:
 * <ul>
 *   <li>on demand: access-key variables;</li>
 *   <li>SnapStart: container credentials only; MongoDB refuses connections while the snapshot is taken (as a
 *       database the publishing environment cannot reach) and is reachable from the restore on; the credentials
 *       are rotated, the old ones expired, just before restore.</li>
 * </ul>
 * Each must get through INIT (and the checkpoint and restore) without an error, then answer its success event
 * twice with its success status: an HTTP route's first 2xx scenario of {@link RouteScenarios}, built from its
 * sample event in events/; the scheduled cleanup's sample event without an invocation error.
 */
class LifecycleTest {

    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    private static final ApiGatewaySerializer RESPONSES = new ApiGatewaySerializer();
    private static final List<String> TWICE = List.of("first", "second");

    @TempDir
    static Path work;

    static Stream<Arguments> functionsInBothShapes() {
        return SamTemplate.load().functions().stream()
                .flatMap(function -> Stream.of(Shape.values()).map(shape -> Arguments.of(function.logicalId(), shape)));
    }

    /**
     * Each case has its own MongoDB, Stream stand-in, Clerk issuer and AWS stand-ins: a rotation or an injected
     * Stream fault in one never reaches another, and two cases run side by side (the class itself does not run beside
     * other test classes).
     */
    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("functionsInBothShapes")
    void getsReadyAndAnswersItsSuccessEventTwice(String logicalId, Shape shape) {
        SamFunction function = SamTemplate.load().function(logicalId);
        // Recording on (not the template's default), so that the recording routes' success events run.
        try (FunctionTestEnvironment env = new FunctionTestEnvironment().set("RECORDING", "on");
             LifecycleAws aws = LifecycleAws.start();
             GatedTcpProxy mongo = gateTo(env.mongo().uri())) {
            if (shape == Shape.ON_DEMAND) {
                mongo.open();
            }
            Launch launch = Launch.of(spec(function, env, aws, mongo), shape, aws.credentials(shape), aws.region())
                    .workDirectory(work)
                    .beforeRestore(aws::rotateCredentials)
                    .beforeRestore(mongo::open);
            try (ExecutionEnvironment lambda = ExecutionEnvironment.start(launch)) {
                Readiness readiness = lambda.init();
                assertInstanceOf(Readiness.Ready.class, readiness, () -> readiness + "\n" + lambda.describe());
                answersItsEventsTwice(function, env, aws, lambda);
            }
        }
    }

    private static void answersItsEventsTwice(SamFunction function, FunctionTestEnvironment env, LifecycleAws aws,
                                              ExecutionEnvironment lambda) {
        Map<String, String> fixtures = SampleEvents.byRoute();
        for (SamRoute route : function.httpRoutes()) {
            String fixture = fixtures.get(route.key());
            if (fixture == null) {
                throw new AssertionError("events/ has no sample event whose routeKey is " + route.key());
            }
            Stage stage = new Stage(route.key(), function.logicalId(), fixture, env, through(lambda));
            int expected = successStatus(route.key());
            for (String time : TWICE) {
                APIGatewayV2HTTPResponse response = RouteScenarios.success(route.key()).runOn(stage);
                assertEquals(expected, response.getStatusCode(), () -> route.key() + ", " + time + " time: answered "
                        + response.getStatusCode() + " " + response.getBody() + "; Secrets Manager refused: " + aws.refusals()
                        + "\n" + lambda.describe());
            }
        }
        for (SamRoute schedule : function.routes()) {
            if (schedule.type().equals("Schedule")) {
                for (String time : TWICE) {
                    giveTheCleanupWork(env);
                    Outcome outcome = lambda.invoke(sampleEvent("cleanup-stale-sessions.json"));
                    assertInstanceOf(Outcome.Response.class, outcome, () -> schedule.eventName() + ", " + time + " time: " + outcome
                            + "; Secrets Manager refused: " + aws.refusals() + "\n" + lambda.describe());
                }
            }
        }
        assertEquals(List.of(), env.streamViolations(), "requests that break Stream's API");
    }

    /** The route's handler, as a scenario calls it, running in the execution environment: JSON in, JSON out. */
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> through(ExecutionEnvironment lambda) {
        return (event, context) -> {
            String json;
            try {
                json = EVENTS.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return RESPONSES.fromJson(lambda.requireResponse(json), APIGatewayV2HTTPResponse.class);
        };
    }

    /** "POST /api/sessions" → 201: the status of the route's first 2xx row in the scenario table. */
    private static int successStatus(String route) {
        return RouteScenarios.all().keySet().stream()
                .filter(key -> key.startsWith(route + " 2"))
                .map(key -> Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("RouteScenarios has no 2xx row for " + route));
    }

    /** A session whose Stream teardown failed: what the cleanup finishes. */
    private static void giveTheCleanupWork(FunctionTestEnvironment env) {
        String host = Stage.newUser();
        String session = env.seedSession(host, "Two Sum").id();
        env.stream().failNext("EndCall", Fault.unavailable(), 100);
        env.seedEnd(session, host);
        env.stream().clearFaults();
    }

    private static String sampleEvent(String fixture) {
        try (InputStream in = LifecycleTest.class.getResourceAsStream("/events/" + fixture)) {
            if (in == null) {
                throw new AssertionError("No events/" + fixture);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("events/" + fixture + " cannot be read", e);
        }
    }

    /** A closed gate in front of the MongoDB at {@code mongodb://host:port} (the in-process server's URI). */
    private static GatedTcpProxy gateTo(String uri) {
        URI server = URI.create(uri);
        if (!"mongodb".equals(server.getScheme()) || server.getPort() < 0) {
            throw new AssertionError("LifecycleTest puts a TCP gate in front of MongoDB and needs a mongodb://host:port URI, not " + uri);
        }
        return GatedTcpProxy.closedTo(server.getHost(), server.getPort());
    }

    private static FunctionSpec spec(SamFunction function, FunctionTestEnvironment env, LifecycleAws aws, GatedTcpProxy mongo) {
        Map<String, Object> globals = SamTemplate.load().globalFunction();
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> variables.put(name, valueFor(name, value, env, aws, mongo)));
        variables.putAll(aws.endpointVariables());
        int memory = number(function.properties().get("MemorySize"), globals.get("MemorySize"), 128);
        int timeout = number(function.properties().get("Timeout"), globals.get("Timeout"), 3);
        return new FunctionSpec(function.logicalId(), RepositoryRoot.resolve(function.codeUri()), function.handler(),
                memory, Duration.ofSeconds(timeout), variables);
    }

    private static int number(Object own, Object global, int lambdaDefault) {
        Object value = own != null ? own : global;
        return value == null ? lambdaDefault : Integer.parseInt(value.toString());
    }

    /**
     * What this machine puts where the template puts a value: the services here for addresses and secrets
     * (MongoDB's connection string, in its secret, names the gated port), the parameter's default for settings
     * with one. A variable it does not know fails the test.
     */
    private static String valueFor(String name, Object templateValue, FunctionTestEnvironment env, LifecycleAws aws,
                                   GatedTcpProxy mongo) {
        switch (name) {
            case "MONGODB_URI_SECRET_ID":
                return aws.putSecret("moduo/mongodb", "mongodb://127.0.0.1:" + mongo.port());
            case "MONGODB_DATABASE":
                return env.mongo().databaseName();
            case "CLERK_JWKS_URL":
                return env.clerk().jwksUrl();
            case "CLERK_JWT_KEY":
                return "";
            case "CLERK_AUTHORIZED_PARTIES":
                return ClerkTestIssuer.AUTHORIZED_PARTY;
            case "CLERK_WEBHOOK_SECRET_ID":
                return aws.putSecret("moduo/clerk-webhook", FunctionTestEnvironment.CLERK_WEBHOOK_SECRET);
            case "STREAM_SECRET_ID":
                return aws.putStreamSecret("moduo/stream", env.stream().apiKey(), env.stream().apiSecret());
            case "STREAM_BASE_URL":
                return env.stream().settings().get("STREAM_BASE_URL");
            case "RECORDING":
                return "on";
            default:
                break;
        }
        if (templateValue instanceof String literal) {
            return literal;
        }
        Object parameter = map(templateValue).get("Ref");
        if ("AWS::StackName".equals(parameter)) {
            return "moduo-test";
        }
        Object defaultValue = parameter == null ? null : map(SamTemplate.load().parameters().get(parameter)).get("Default");
        if (defaultValue != null && !defaultValue.toString().isEmpty()) {
            return defaultValue.toString();
        }
        throw new AssertionError("LifecycleTest does not know what to give " + name + " (" + templateValue + "): add it to valueFor");
    }
}
