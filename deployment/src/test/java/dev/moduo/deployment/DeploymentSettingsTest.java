package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.config.Settings;
import dev.moduo.deployment.SamTemplate.SamFunction;
import dev.moduo.deployment.SamTemplate.SamRoute;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every setting a function reads is one template.yaml sets for it. What a function reads is found by
 * running it: each function is built with exactly the variables the template gives it (their values
 * pointed at this machine's MongoDB, Stream stand-in, Clerk issuer and fake Secrets Manager, the Stream
 * credentials in a secret as in AWS) plus what Lambda itself provides, its success path is invoked, and
 * every name it asked its {@link Settings} for is recorded.
 */
class DeploymentSettingsTest {

    private static final String STREAM_SECRET_NAME = "moduo/stream";
    private static final String MONGODB_SECRET_NAME = "moduo/mongodb-uri";
    private static final String CLERK_WEBHOOK_SECRET_NAME = "moduo/clerk-webhook-secret";

    /**
     * Set by Lambda in every function's environment. Credentials are not among them: Moduo's code never
     * reads them, the AWS SDK's default chain does (access keys on demand, container credentials under SnapStart).
     */
    static final Set<String> PROVIDED_BY_LAMBDA = Set.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION");
    /** Read, and absent in AWS on purpose; each with the reason. */
    static final Map<String, String> ABSENT_IN_AWS = Map.of(
            "AWS_ENDPOINT_URL_SECRETS_MANAGER", "the AWS SDK's override of the regional endpoint, for tests and local runs",
            "STREAM_API_KEY", "the local alternative to STREAM_SECRET_ID, read only when that is absent",
            "STREAM_API_SECRET", "the local alternative to STREAM_SECRET_ID, read only when that is absent");
    /** Read by the JVM, not through Settings. */
    static final Set<String> READ_BY_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");

    private static FunctionTestEnvironment env;
    private static FakeSecretsManager secretsManager;
    private static final Map<String, Run> RUNS = new TreeMap<>();

    /** {@code secretRequests}: reads of the Stream secret while the function ran. */
    private record Run(SamFunction function, Set<String> read, Map<String, Integer> statuses, int secretRequests,
                       int streamRequests) {

        /** Never talked to Stream nor read its credentials: its Stream client is wired but unused. */
        boolean streamIdle() {
            return secretRequests == 0 && streamRequests == 0;
        }
    }

    @BeforeAll
    static void runEveryFunctionTheAwsWay() {
        // Recording on (not the template's default), so that the recording routes' success paths run.
        env = new FunctionTestEnvironment().set("RECORDING", "on");
        secretsManager = FakeSecretsManager.start();
        secretsManager.putStreamSecret(STREAM_SECRET_NAME, env.stream().apiKey(), env.stream().apiSecret());
        secretsManager.putSecret(MONGODB_SECRET_NAME, env.mongo().uri());
        secretsManager.putSecret(CLERK_WEBHOOK_SECRET_NAME, FunctionTestEnvironment.CLERK_WEBHOOK_SECRET);
        Map<String, String> fixtures = SampleEvents.byRoute();
        for (SamFunction function : SamTemplate.load().functions()) {
            Set<String> read = new ConcurrentSkipListSet<>();
            Map<String, String> values = new HashMap<>(secretsManager.settings());
            function.environment().forEach((name, value) -> values.put(name, valueFor(name, value)));
            Settings settings = Settings.of(values).recording(read);
            var handler = FunctionHandlers.build(function.handler(), env.newContext(settings));
            int secretRequestsBefore = secretsManager.lookupCount(STREAM_SECRET_NAME);
            Map<String, Integer> statuses = new LinkedHashMap<>();
            int streamRequests = 0;
            try {
                for (SamRoute route : function.httpRoutes()) {
                    String fixture = fixtures.get(route.key());
                    if (fixture == null) {
                        throw new AssertionError("events/ has no sample event whose routeKey is " + route.key());
                    }
                    Stage stage = new Stage(route.key(), function.logicalId(), fixture, env, handler);
                    APIGatewayV2HTTPResponse response = RouteScenarios.success(route.key()).runOn(stage);
                    statuses.put(route.key(), response.getStatusCode());
                    streamRequests += stage.streamRequestsByFunction();
                }
                for (SamRoute schedule : function.routes()) {
                    if (schedule.type().equals("Schedule")) {
                        int before = env.stream().requests().size();
                        statuses.put(schedule.eventName(), runScheduled(handler, function.logicalId()));
                        streamRequests += env.stream().requests().size() - before;
                    }
                }
            } finally {
                FunctionHandlers.close(handler);
            }
            RUNS.put(function.logicalId(), new Run(function, new TreeSet<>(read), statuses,
                    secretsManager.lookupCount(STREAM_SECRET_NAME) - secretRequestsBefore, streamRequests));
        }
        RUNS.forEach((id, run) -> System.out.println(id + " reads " + run.read() + "; Stream requests "
                + run.streamRequests() + ", reads of the Stream secret " + run.secretRequests()));
    }

    /**
     * A scheduled function's success path: it is given work (a session whose Stream teardown failed) and
     * its sample event, and must finish without throwing.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int runScheduled(Object handler, String logicalId) {
        String host = Stage.newUser();
        String session = env.seedSession(host, "Two Sum").id();
        env.stream().failNext("EndCall", Fault.unavailable(), 100);
        env.seedEnd(session, host);
        env.stream().clearFaults();
        Map<String, Object> event;
        try (var in = DeploymentSettingsTest.class.getResourceAsStream("/events/cleanup-stale-sessions.json")) {
            event = dev.moduo.core.Json.MAPPER.readValue(in, Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("events/cleanup-stale-sessions.json cannot be read", e);
        }
        ((com.amazonaws.services.lambda.runtime.RequestHandler) handler).handleRequest(event,
                FunctionTestEnvironment.lambdaContext(logicalId));
        return 200;
    }

    @AfterAll
    static void stop() {
        if (secretsManager != null) {
            secretsManager.close();
        }
        if (env != null) {
            env.close();
        }
    }

    /**
     * What this machine puts where the template puts a value: the services here for addresses and the
     * secret, the parameter's default for settings with one. A variable it does not know fails the test.
     */
    private static String valueFor(String name, Object templateValue) {
        switch (name) {
            case "MONGODB_URI":
                return env.mongo().uri();
            case "MONGODB_DATABASE":
                return env.mongo().databaseName();
            case "CLERK_JWKS_URL":
                return env.clerk().jwksUrl();
            case "CLERK_JWT_KEY":
                return "";
            case "CLERK_AUTHORIZED_PARTIES":
                return ClerkTestIssuer.AUTHORIZED_PARTY;
            case "STREAM_SECRET_ID":
                return secretsManager.arnOf(STREAM_SECRET_NAME);
            case "MONGODB_URI_SECRET_ID":
                return secretsManager.arnOf(MONGODB_SECRET_NAME);
            case "CLERK_WEBHOOK_SECRET_ID":
                return secretsManager.arnOf(CLERK_WEBHOOK_SECRET_NAME);
            case "CLERK_WEBHOOK_SECRET":
                return FunctionTestEnvironment.CLERK_WEBHOOK_SECRET;
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
        throw new AssertionError("DeploymentSettingsTest does not know what to give " + name + " (" + templateValue
                + "): add it to valueFor");
    }

    @Test
    void everyFunctionAnswersItsSuccessPathWithOnlyTheTemplatesSettings() {
        List<String> failed = new ArrayList<>();
        RUNS.forEach((id, run) -> run.statuses().forEach((route, status) -> {
            if (status / 100 != 2) {
                failed.add(id + " answered " + route + " with " + status);
            }
        }));
        assertEquals(List.of(), failed, String.join("\n", failed));
        RUNS.forEach((id, run) -> assertEquals(run.function().routes().size(), run.statuses().size(), id + "'s events"));
    }

    @Test
    void everySettingAFunctionReadsIsSetForItInTheTemplate() {
        List<String> unset = new ArrayList<>();
        RUNS.forEach((id, run) -> run.read().forEach(name -> {
            // SessionService wires its Stream side into every session function; one that never calls Stream
            // only asks which credential source to build and the base URL, and neither is ever used.
            boolean unusedStreamWiring = run.streamIdle() && name.startsWith("STREAM_");
            if (!run.function().environment().containsKey(name) && !PROVIDED_BY_LAMBDA.contains(name)
                    && !ABSENT_IN_AWS.containsKey(name) && !unusedStreamWiring) {
                unset.add(id + " reads " + name + ", which template.yaml does not set for it");
            }
        }));
        assertEquals(List.of(), unset, String.join("\n", unset));
    }

    @Test
    void everyVariableAFunctionSetsForItselfIsReadByIt() {
        List<String> unread = new ArrayList<>();
        RUNS.forEach((id, run) -> run.function().ownVariables().forEach(name -> {
            if (!run.read().contains(name) && !READ_BY_THE_JVM.contains(name)) {
                unread.add(id + " sets " + name + " but never reads it");
            }
        }));
        assertEquals(List.of(), unread, String.join("\n", unread));
    }

    @Test
    void everyGlobalVariableIsReadBySomeFunction() {
        Set<String> globals = new TreeSet<>(map(map(SamTemplate.load().globalFunction().get("Environment")).get("Variables")).keySet());
        globals.removeAll(READ_BY_THE_JVM);
        RUNS.values().forEach(run -> globals.removeAll(run.read()));
        assertEquals(Set.of(), globals, "Globals sets variables no function reads");
    }

    @Test
    void functionsGivenTheStreamSecretTakeStreamCredentialsFromSecretsManager() {
        RUNS.forEach((id, run) -> {
            if (run.function().environment().containsKey("STREAM_SECRET_ID")) {
                assertTrue(run.secretRequests() > 0, id + " has STREAM_SECRET_ID but never read that secret");
                assertTrue(run.read().contains("STREAM_SECRET_ID"), id + " has STREAM_SECRET_ID but never reads it");
            } else {
                assertEquals(0, run.secretRequests(), id + " has no STREAM_SECRET_ID but read the Stream secret");
            }
        });
        assertEquals(List.of(), secretsManager.refusals(), "Secrets Manager refused requests");
    }
}
