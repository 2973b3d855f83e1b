package dev.moduo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One cold start: a fresh JVM, the handler constructed, one invocation, the time to its response. */
final class ColdStart {

    /**
     * Milliseconds: launch→response (what a caller waits), launch→main, main→INIT done (of which main→handler
     * constructed), INIT done→response,
     * and the CPU time the JVM had used (all threads) shortly after the response.
     */
    record Sample(double total, double jvmBoot, double init, double constructor, double firstInvocation, double cpu, long classes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BenchEnvironment env;
    private final Events events;
    private final Path runnerJar;
    private final Path work;

    ColdStart(BenchEnvironment env, Events events, Path runnerJar, Path work) {
        this.env = env;
        this.events = events;
        this.runnerJar = runnerJar;
        this.work = work;
    }

    Sample run(Target target, ChildJvm.Flags flags, int run) {
        ObjectNode event = target.scenario().cold().prepare(env, events.load(target.scenario().fixture()), run);
        Path file = Events.write(event, work.resolve(target.name() + "-" + run + ".json"));
        settle();
        try (ChildJvm child = ChildJvm.start(target.jar(), runnerJar, flags, env.functionSettings(), target.resource(),
                List.of("cold", target.handler(), file.toString()))) {
            Map<String, String> report = Marks.values(child.awaitMark(TIMEOUT), "cold");
            int expected = target.scenario().expectedStatus();
            int status = expected == Scenario.NO_STATUS ? json(report.get("output"), child) : status(report.get("output"), child);
            if (status != expected) {
                throw child.failure(target.name() + " answered " + status + " instead of "
                        + target.scenario().expectedStatus() + ": " + decode(report.get("output")));
            }
            long launched = child.launchedMicros();
            long main = Long.parseLong(report.get("mainUs"));
            long init = Long.parseLong(report.get("initUs"));
            long constructed = Long.parseLong(report.get("constructedUs"));
            long response = Long.parseLong(report.get("responseUs"));
            return new Sample((response - launched) / 1000.0, (main - launched) / 1000.0, (init - main) / 1000.0,
                    (constructed - main) / 1000.0, (response - init) / 1000.0, Long.parseLong(report.get("cpuNs")) / 1_000_000.0,
                    Long.parseLong(report.get("classes")));
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

    private static int status(String output, ChildJvm child) {
        try {
            JsonNode response = JSON.readTree(decode(output));
            JsonNode status = response.get("statusCode");
            if (status == null || !status.canConvertToInt()) {
                throw child.failure("returned no statusCode: " + decode(output));
            }
            return status.asInt();
        } catch (IOException e) {
            throw child.failure("returned a response that is not JSON: " + decode(output));
        }
    }

    /** {@link Scenario#NO_STATUS} when the output is JSON (the invocation did not fail). */
    private static int json(String output, ChildJvm child) {
        try {
            JSON.readTree(decode(output));
            return Scenario.NO_STATUS;
        } catch (IOException e) {
            throw child.failure("returned output that is not JSON: " + decode(output));
        }
    }

    private static String decode(String base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
