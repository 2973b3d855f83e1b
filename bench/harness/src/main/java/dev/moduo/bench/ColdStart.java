package dev.moduo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.lifecycle.ExecutionEnvironment;
import dev.moduo.lifecycle.FunctionSpec;
import dev.moduo.lifecycle.Launch;
import dev.moduo.lifecycle.LifecycleException;
import dev.moduo.lifecycle.Outcome;
import dev.moduo.lifecycle.Readiness;
import dev.moduo.lifecycle.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One cold start as Lambda runs it: a fresh execution environment (AWS's runtime interface client in a new JVM,
 * the function's jar unzipped into its task root, the lifecycle harness's Runtime API), INIT, and one invocation.
 * SnapStart-shaped, INIT ends with the checkpoint hooks and {@code restore/next}; the restore hooks and the first
 * invocation are what a caller waits for after Lambda restores the snapshot.
 */
final class ColdStart {

    /** Which cold starts: the lifecycle shape and the JVM flags on top of the runtime's own. */
    record Set(Shape shape, ChildJvm.Flags flags) {

        String label() {
            return shape + (flags == ChildJvm.Flags.DEFAULT ? "" : " C1");
        }
    }

    /**
     * Milliseconds. {@code init}: from starting {@code java} to the end of INIT (on demand: the first
     * {@code invocation/next}; SnapStart: {@code restore/next}, after the checkpoint hooks). {@code restore}:
     * SnapStart only, from answering {@code restore/next} to the first {@code invocation/next} (the restore hooks).
     * {@code firstInvocation}: from handing the event out to the response. {@code firstResponse}: what a caller
     * waits for: on demand from starting {@code java}, SnapStart from the restore. CPU: the process's CPU time (all
     * threads) after the response.
     */
    record Sample(double init, double restore, double firstInvocation, double firstResponse, double cpu) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BenchEnvironment env;
    private final Events events;
    private final Path work;

    ColdStart(BenchEnvironment env, Events events, Path work) {
        this.env = env;
        this.events = events;
        this.work = work;
    }

    Sample run(Target target, Set set, int run) {
        ObjectNode event = target.scenario().cold().prepare(env, events.load(target.scenario().fixture()), run);
        Map<String, String> variables = new HashMap<>(target.plainSecrets() ? env.plainSettings() : env.functionSettings());
        if (set.flags() == ChildJvm.Flags.C1) {
            variables.put("JAVA_TOOL_OPTIONS", ChildJvm.C1_ONLY_OPTIONS);
        }
        FunctionSpec function = new FunctionSpec(target.resource(), target.jar(), target.handler(), target.memoryMb(), TIMEOUT, variables);
        Launch launch = Launch.of(function, set.shape(), env.credentials(set.shape()), BenchEnvironment.REGION)
                .workDirectory(work)
                .extraJvmOptions(ChildJvm.diagnosticArgs);
        settle();
        try (ExecutionEnvironment lambda = ExecutionEnvironment.start(launch)) {
            Readiness.Ready ready = lambda.requireReady();
            Outcome outcome = lambda.invoke(Events.text(event));
            if (!(outcome instanceof Outcome.Response response)) {
                throw new LifecycleException(target.name() + " (" + set.label() + ") did not answer: " + outcome + "\n" + lambda.describe());
            }
            double cpu = lambda.cpuTime().toNanos() / 1e6;
            check(target, set, response.body(), lambda);
            double firstInvocation = response.latencyNanos() / 1e6;
            double firstResponse = set.shape() == Shape.SNAP_START
                    ? ready.restoreNanos() / 1e6 + firstInvocation
                    : ready.initNanos() / 1e6 + firstInvocation;
            return new Sample(ready.initNanos() / 1e6, ready.restoreNanos() / 1e6, firstInvocation, firstResponse, cpu);
        }
    }

    /** The response must carry the scenario's success status (a scheduled function: any JSON). */
    private static void check(Target target, Set set, String body, ExecutionEnvironment lambda) {
        int expected = target.scenario().expectedStatus();
        JsonNode response;
        try {
            response = JSON.readTree(body);
        } catch (IOException e) {
            throw new LifecycleException(target.name() + " returned output that is not JSON: " + body + "\n" + lambda.describe());
        }
        if (expected == Scenario.NO_STATUS) {
            return;
        }
        JsonNode status = response.get("statusCode");
        if (status == null || status.asInt() != expected) {
            throw new LifecycleException(String.format(Locale.ROOT, "%s (%s) answered %s instead of %d: %s%n%s", target.name(),
                    set.label(), status, expected, body, lambda.describe()));
        }
    }

    /** Lets the harness's own background work (JIT, GC after seeding) finish before the clock starts. */
    private static void settle() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
