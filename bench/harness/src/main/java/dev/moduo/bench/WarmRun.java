package dev.moduo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Many invocations in one JVM, as a busy execution environment serves them. The runner times each
 * invocation (event parse, handler, response serialization); the harness prepares every batch of
 * events, and resets the stand-ins, only between batches, while the runner waits.
 */
final class WarmRun {

    static final int BATCH = 1000;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** Heap in use after a full GC (bytes): after the first invocation, after the first thousand, at the end. */
    record Heap(long used, long nonHeapUsed) {
    }

    /** @param cpuPerInvocationMillis process CPU (all threads) spent while invocations ran, per invocation */
    record Result(long[] nanos, Heap afterFirst, Heap afterFirstThousand, Heap atEnd, double cpuPerInvocationMillis) {

        Stats all() {
            return Stats.ofNanosAsMillis(nanos, 0, nanos.length);
        }

        Stats firstThousand() {
            return Stats.ofNanosAsMillis(nanos, 0, Math.min(BATCH, nanos.length));
        }

        /** The second thousand (the first when there is no second): the reference for steadiness. */
        Stats secondThousand() {
            return nanos.length >= 2 * BATCH ? Stats.ofNanosAsMillis(nanos, BATCH, 2 * BATCH) : firstThousand();
        }

        Stats lastThousand() {
            return Stats.ofNanosAsMillis(nanos, Math.max(0, nanos.length - BATCH), nanos.length);
        }

        /** p50 of each consecutive thousand, to show a trend rather than two end points. */
        List<Double> p50ByThousand() {
            List<Double> p50s = new ArrayList<>();
            for (int from = 0; from + BATCH <= nanos.length; from += BATCH) {
                p50s.add(Stats.ofNanosAsMillis(nanos, from, from + BATCH).median());
            }
            return p50s;
        }
    }

    private final BenchEnvironment env;
    private final Events events;
    private final Path runnerJar;
    private final Progress progress;

    WarmRun(BenchEnvironment env, Events events, Path runnerJar, Progress progress) {
        this.env = env;
        this.events = events;
        this.runnerJar = runnerJar;
        this.progress = progress;
    }

    Result run(Target target, ChildJvm.Flags flags, int invocations) {
        Scenario scenario = target.scenario();
        scenario.warm().setUp(env);
        try (ChildJvm child = ChildJvm.start(target.jar(), runnerJar, flags, env.onDemandSettings(), target.resource(),
                List.of("warm", target.handler()))) {
            Marks.values(child.awaitMark(Duration.ofSeconds(60)), "ready");
            child.send("EXPECT " + scenario.expectedStatus());
            int done = send(child, target, 1);
            Heap afterFirst = heap(child);
            Heap afterFirstThousand = null;
            while (done < invocations) {
                int next = Math.min(BATCH - done % BATCH, invocations - done);
                done += send(child, target, next);
                progress.line(String.format(java.util.Locale.ROOT, "%s: warm invocations %,d of %,d (%s)", target.name(), done,
                        invocations, flags.name().toLowerCase(java.util.Locale.ROOT)));
                if (done == BATCH) {
                    afterFirstThousand = heap(child);
                }
            }
            Heap atEnd = heap(child);
            child.send("STATS");
            child.flush();
            Map<String, String> cpu = Marks.values(child.awaitMark(TIMEOUT), "cpu");
            double cpuPerInvocation = Long.parseLong(cpu.get("total")) / 1e6 / Long.parseLong(cpu.get("n"));
            String durations = child.awaitMark(TIMEOUT);
            if (!durations.startsWith("durations ")) {
                throw child.failure("sent no durations");
            }
            String[] values = durations.substring("durations ".length()).split(",");
            long[] nanos = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                nanos[i] = Long.parseLong(values[i]);
            }
            return new Result(nanos, afterFirst, afterFirstThousand == null ? atEnd : afterFirstThousand, atEnd, cpuPerInvocation);
        }
    }

    private int send(ChildJvm child, Target target, int count) {
        ObjectNode fixture = events.load(target.scenario().fixture());
        Scenario.Batch batch = target.scenario().warm().next(env, fixture, count);
        if (batch.size() != count) {
            throw new IllegalStateException(target.name() + ": a batch of " + batch.size() + " events, " + count + " asked");
        }
        if (batch.repeat() > 1) {
            child.send("REPEAT " + batch.repeat() + " " + batch.events().get(0));
        } else {
            batch.events().forEach(event -> child.send("EVENT " + event));
        }
        child.send("SYNC");
        child.flush();
        Map<String, String> synced = Marks.values(child.awaitMark(TIMEOUT), "synced");
        if (!"0".equals(synced.get("failures"))) {
            String first = synced.get("firstFailure");
            throw child.failure(target.name() + ": " + synced.get("failures") + " invocations did not answer "
                    + target.scenario().expectedStatus() + "; first: "
                    + (first == null ? "?" : new String(Base64.getDecoder().decode(first), StandardCharsets.UTF_8)));
        }
        return count;
    }

    private static Heap heap(ChildJvm child) {
        child.send("HEAP");
        child.flush();
        Map<String, String> heap = Marks.values(child.awaitMark(TIMEOUT), "heap");
        return new Heap(Long.parseLong(heap.get("used")), Long.parseLong(heap.get("nonHeapUsed")));
    }
}
