package dev.moduo.deployment.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moduo.deployment.lifecycle.probes.AfterRestoreThrows;
import dev.moduo.deployment.lifecycle.probes.NeedsAccessKeyAtInit;
import dev.moduo.deployment.lifecycle.probes.PrimingThrows;
import dev.moduo.deployment.lifecycle.probes.WellBehaved;
import dev.moduo.lifecycle.Credentials;
import dev.moduo.lifecycle.ExecutionEnvironment;
import dev.moduo.lifecycle.FunctionSpec;
import dev.moduo.lifecycle.GatedTcpProxy;
import dev.moduo.lifecycle.Launch;
import dev.moduo.lifecycle.Readiness;
import dev.moduo.lifecycle.RuntimeCall;
import dev.moduo.lifecycle.Shape;
import dev.moduo.secrets.testing.FakeContainerCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The harness itself: AWS's runtime interface client, started by it on tiny handlers, must fail exactly where
 * Lambda fails a deployment (an access key read while the handler is built under SnapStart, a throwing
 * {@code beforeCheckpoint}, a throwing {@code afterRestore}) with the error type the client reports, and let a
 * well-behaved handler through both shapes. Without these, a lifecycle test that passes proves nothing.
 */
class LifecycleHarnessTest {

    private static final String REGION = "eu-central-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Credentials KEYS = Credentials.accessKeys("ASIAPROBEPROBEPROBE1", "probe/secret/key", "probe-session-token");
    /** What Lambda defines in every environment (docs: configuration-envvars). */
    private static final Set<String> DEFINED_BY_LAMBDA = Set.of("PATH", "LANG", "TZ", "_HANDLER", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    @TempDir
    static Path work;
    private static Path probes;
    private static FakeContainerCredentials containerCredentials;
    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    static void layOutProbes() {
        probes = Probes.taskRoot(work.resolve("probes"));
        containerCredentials = FakeContainerCredentials.start();
    }

    @AfterAll
    static void stopCredentials() {
        if (containerCredentials != null) {
            containerCredentials.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    @Test
    void aHandlerThatReadsAnAccessKeyWhenBuiltFailsSnapStartInitWithBadFunctionCode() {
        ExecutionEnvironment lambda = start(launch(NeedsAccessKeyAtInit.class, Shape.SNAP_START, Map.of()));

        Readiness.InitFailed failed = assertInstanceOf(Readiness.InitFailed.class, lambda.init(), lambda::describe);

        assertEquals("Runtime.BadFunctionCode", failed.error().errorType(), lambda::describe);
        assertTrue(failed.error().body().contains("Setting AWS_ACCESS_KEY_ID is not set"), failed.error().body());
        assertEquals(OptionalInt.of(1), failed.exitCode());
        assertEquals(List.of("POST /2018-06-01/runtime/init/error → 202 (Runtime.BadFunctionCode)"), calls(lambda));
    }

    @Test
    void theSameHandlerPassesOnDemandWhereLambdaGivesAccessKeys() throws IOException {
        ExecutionEnvironment lambda = start(launch(NeedsAccessKeyAtInit.class, Shape.ON_DEMAND, Map.of()));

        lambda.requireReady();

        assertEquals(200, json(lambda.requireResponse("{}")).get("statusCode").asInt());
    }

    @Test
    void aThrowingBeforeCheckpointFailsSnapStartInitWithBeforeCheckpointError() {
        ExecutionEnvironment lambda = start(launch(PrimingThrows.class, Shape.SNAP_START, Map.of()));

        Readiness.InitFailed failed = assertInstanceOf(Readiness.InitFailed.class, lambda.init(), lambda::describe);

        assertEquals("Runtime.BeforeCheckpointError", failed.error().errorType(), lambda::describe);
        // The client reports the CRaC context's CheckpointException; the hook's own exception is only in the log.
        assertTrue(failed.error().body().contains("\"errorType\":\"com.amazonaws.services.lambda.crac.CheckpointException\""),
                failed.error().body());
        assertTrue(lambda.output().contains("priming could not reach MongoDB"), lambda::describe);
        assertEquals(OptionalInt.of(64), failed.exitCode());
        assertEquals(List.of("POST /2018-06-01/runtime/init/error → 202 (Runtime.BeforeCheckpointError)"), calls(lambda),
                "no snapshot, so no restore/next");
    }

    @Test
    void checkpointHooksDoNotRunOnDemand() throws IOException {
        ExecutionEnvironment lambda = start(launch(PrimingThrows.class, Shape.ON_DEMAND, Map.of()));

        lambda.requireReady();

        assertEquals(200, json(lambda.requireResponse("{}")).get("statusCode").asInt());
    }

    @Test
    void aThrowingAfterRestoreFailsTheRestoreWithAfterRestoreError() {
        ExecutionEnvironment lambda = start(launch(AfterRestoreThrows.class, Shape.SNAP_START, Map.of()));

        Readiness.RestoreFailed failed = assertInstanceOf(Readiness.RestoreFailed.class, lambda.init(), lambda::describe);

        assertEquals("Runtime.AfterRestoreError", failed.error().errorType(), lambda::describe);
        assertTrue(failed.error().body().contains("\"errorType\":\"com.amazonaws.services.lambda.crac.RestoreException\""),
                failed.error().body());
        assertTrue(lambda.output().contains("no-such-host.invalid"), lambda::describe);
        assertEquals(OptionalInt.of(64), failed.exitCode());
        assertEquals(List.of("GET /2018-06-01/runtime/restore/next → 200",
                "POST /2018-06-01/runtime/restore/error → 202 (Runtime.AfterRestoreError)"), calls(lambda));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aWellBehavedHandlerGetsReadyAndAnswersTwice(Shape shape) throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, shape, Map.of()));
        lambda.requireReady();

        JsonNode first = json(lambda.requireResponse("{\"n\":1}"));
        JsonNode second = json(lambda.requireResponse("{\"n\":2}"));

        assertEquals(List.of(200, 200), List.of(first.get("statusCode").asInt(), second.get("statusCode").asInt()));
        assertEquals(List.of(1, 2), List.of(first.get("invocation").asInt(), second.get("invocation").asInt()),
                "one JVM answers both");
        assertNotEquals(first.get("requestId").asText(), second.get("requestId").asText());
    }

    @Test
    void underSnapStartTheCheckpointHookRunsBeforeRestoreNextAndTheRestoreHookBeforeTheFirstInvocation() throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.SNAP_START, Map.of()));
        lambda.requireReady();

        JsonNode answer = json(lambda.requireResponse("{}"));

        assertEquals(List.of("beforeCheckpoint", "afterRestore"), strings(answer.get("hooks")));
        List<String> calls = calls(lambda);
        assertEquals(List.of("GET /2018-06-01/runtime/restore/next → 200", "GET /2018-06-01/runtime/invocation/next → 200"),
                calls.subList(0, 2), lambda::describe);
    }

    @Test
    void onDemandNoCracHookRuns() throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.ON_DEMAND, Map.of()));
        lambda.requireReady();

        assertEquals(List.of(), strings(json(lambda.requireResponse("{}")).get("hooks")));
    }

    @Test
    void aServerBehindTheGateIsRefusedWhileTheSnapshotIsTakenAndReachedAfterRestore() throws IOException {
        try (ServerSocket database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            GatedTcpProxy gate = GatedTcpProxy.closedTo("127.0.0.1", database.getLocalPort());
            started.add(gate);
            ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.SNAP_START,
                    Map.of("PROBE_GATE_PORT", Integer.toString(gate.port()))).beforeRestore(gate::open));
            lambda.requireReady();

            JsonNode answer = json(lambda.requireResponse("{}"));

            assertEquals(List.of("beforeCheckpoint:refused", "afterRestore:connected"), strings(answer.get("hooks")));
        }
    }

    @Test
    void theCredentialsAreRotatedBetweenTheCheckpointAndTheRestore() throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.SNAP_START, Map.of("PROBE_FETCH_CREDENTIALS", "yes"))
                .beforeRestore(containerCredentials::rotate));
        lambda.requireReady();

        List<String> keys = strings(json(lambda.requireResponse("{}")).get("keys"));

        assertEquals(List.of("beforeCheckpoint", "afterRestore"), keys.stream().map(key -> key.substring(0, key.indexOf(':'))).toList());
        assertTrue(keys.get(0).contains(":ASIA") && keys.get(1).contains(":ASIA"), keys::toString);
        assertNotEquals(keys.get(0).substring(keys.get(0).indexOf(':')), keys.get(1).substring(keys.get(1).indexOf(':')),
                "the restore hook got the keys issued before the snapshot");
    }

    @Test
    void underSnapStartTheFunctionSeesContainerCredentialsAndNeitherAccessKeysNorALogStream() throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.SNAP_START, Map.of("PROBE_SETTING", "x")));
        lambda.requireReady();

        Set<String> expected = new TreeSet<>(DEFINED_BY_LAMBDA);
        expected.addAll(List.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "PROBE_SETTING"));
        assertEquals(expected, new TreeSet<>(strings(json(lambda.requireResponse("{}")).get("variables"))),
                "nothing of the machine's environment, nothing of the other shape");
    }

    @Test
    void onDemandTheFunctionSeesAccessKeysAndItsLogGroupAndStream() throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.ON_DEMAND, Map.of("PROBE_SETTING", "x")));
        lambda.requireReady();

        Set<String> expected = new TreeSet<>(DEFINED_BY_LAMBDA);
        expected.addAll(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "PROBE_SETTING"));
        assertEquals(expected, new TreeSet<>(strings(json(lambda.requireResponse("{}")).get("variables"))));
    }

    @Test
    void theTaskRootIsTheRuntimesWorkingDirectory() throws IOException {
        ExecutionEnvironment lambda = start(launch(WellBehaved.class, Shape.ON_DEMAND, Map.of()));
        lambda.requireReady();

        assertTrue(json(lambda.requireResponse("{}")).get("taskRootIsWorkingDirectory").asBoolean());
    }

    @Test
    void aSnapStartLaunchWithAccessKeysIsRefused() {
        FunctionSpec function = spec(WellBehaved.class, Map.of());

        assertThrows(IllegalArgumentException.class, () -> Launch.of(function, Shape.SNAP_START, KEYS, REGION));
    }

    @Test
    void aFunctionSettingAVariableLambdaReservesIsRefused() {
        Launch launch = launch(WellBehaved.class, Shape.ON_DEMAND, Map.of("AWS_ACCESS_KEY_ID", "AKIAINTHETEMPLATE"));

        assertThrows(IllegalArgumentException.class, () -> ExecutionEnvironment.start(launch));
    }

    private static FunctionSpec spec(Class<?> handler, Map<String, String> variables) {
        return new FunctionSpec(handler.getSimpleName(), probes, handler.getName(), 256, Duration.ofSeconds(10), variables);
    }

    private static Launch launch(Class<?> handler, Shape shape, Map<String, String> variables) {
        Credentials credentials = shape == Shape.SNAP_START
                ? Credentials.containerEndpoint(URI.create(containerCredentials.fullUri()), containerCredentials.authorizationToken())
                : KEYS;
        return Launch.of(spec(handler, variables), shape, credentials, REGION)
                .workDirectory(work.resolve("tasks"))
                .initTimeout(Duration.ofSeconds(60));
    }

    private ExecutionEnvironment start(Launch launch) {
        ExecutionEnvironment lambda = ExecutionEnvironment.start(launch);
        started.add(lambda);
        return lambda;
    }

    private static List<String> calls(ExecutionEnvironment lambda) {
        return lambda.calls().stream().map(RuntimeCall::toString).toList();
    }

    private static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
