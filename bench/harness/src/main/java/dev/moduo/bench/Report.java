package dev.moduo.bench;

import dev.moduo.bench.http.HttpBench;
import dev.moduo.bench.http.HttpReport;
import dev.moduo.bench.http.LoadTest;
import dev.moduo.lifecycle.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The results as markdown: tables first, then the targets judged from the same numbers, then how. */
final class Report {

    static final double COLD_RATIO_TARGET = 10.0;
    static final double WARM_P50_TARGET_MS = 3.0;
    /** Issue 13: create's SnapStart restore to first response on this machine. */
    static final double SNAP_START_CREATE_TARGET_MS = 150.0;
    static final double DRIFT_TARGET = 0.10;
    /** Heap after a full GC may move by allocator noise; more than this between the 1000th and the last call is growth. */
    static final long HEAP_GROWTH_TOLERANCE = 1024 * 1024;
    static final long JAR_TARGET_BYTES = 15_000_000L;

    private final Options options;
    private final Machine machine;
    private final List<Target> targets;
    private final Map<Target, Map<ColdStart.Set, List<ColdStart.Sample>>> cold;
    private final Map<Target, Map<ChildJvm.Flags, WarmRun.Result>> warm;
    private final List<String> unmeasured;
    private final List<String> violations;
    private final long seconds;
    private final String loadAtStart;

    private final String arguments;
    private final HttpBench.Results http;
    private final LoadTest.Result load;

    Report(Options options, String arguments, Machine machine, List<Target> targets, Map<Target, Map<ColdStart.Set, List<ColdStart.Sample>>> cold,
           Map<Target, Map<ChildJvm.Flags, WarmRun.Result>> warm, List<String> unmeasured, List<String> violations, long seconds, String loadAtStart,
           HttpBench.Results http, LoadTest.Result load) {
        this.http = http;
        this.load = load;
        this.options = options;
        this.arguments = arguments;
        this.machine = machine;
        this.targets = targets;
        this.cold = cold;
        this.warm = warm;
        this.unmeasured = unmeasured;
        this.violations = violations;
        this.seconds = seconds;
        this.loadAtStart = loadAtStart;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Moduo benchmark results\n\n");
        md.append("Measured ").append(machine.date()).append(" on ").append(machine.cores()).append(" cores (")
                .append(machine.cpu()).append("), ").append(machine.memory()).append(" RAM, ").append(machine.os())
                .append(", commit `").append(machine.commit()).append("`, in ").append(seconds / 60).append(" min ")
                .append(seconds % 60).append(" s. Load average (1 min) at the start ").append(loadAtStart)
                .append(", at the end ").append(Machine.loadAverage())
                .append(" (above the core count, other processes competed for the CPU and wall times are inflated; the CPU column is less affected)")
                .append(".\n\n");
        md.append("```\n").append(machine.javaVersion()).append("\n```\n\n");
        md.append("Command: `bench/run.sh").append(arguments.isEmpty() ? "" : " --skip-build " + arguments).append("` (").append(options.runs()).append(" cold starts per function and flag set, ")
                .append(options.warmInvocations()).append(" invocations per warm JVM). Cold starts run in Lambda's two lifecycle shapes, "
                        + "**on-demand** and **snap-start**, with the managed runtime's JVM flags (on demand they include C1 only; "
                        + "SnapStart-shaped the JVM's defaults); **C1** adds `JAVA_TOOL_OPTIONS=")
                .append(ChildJvm.C1_ONLY_OPTIONS).append("` (what template.yaml set while it ran on java17; java25 stops at C1 by itself on demand, not under SnapStart). Warm runs: **default** = no JVM flags.\n\n");
        if (targets.stream().anyMatch(t -> t.name().contains("@"))) {
            md.append("Rows named `function@file.jar` are other builds of that function measured in the same run (cold starts only), "
                    + "to show what each change bought.\n\n");
        }
        if (!cold.isEmpty()) {
            coldTable(md);
            breakdown(md);
        }
        warmTable(md);
        if (http != null) {
            md.append('\n').append(new HttpReport(http).markdown());
            if (options.http().streamUrl() != null) {
                md.append("Stream in this part: the functions called ").append(options.http().streamUrl())
                        .append(" (`--stream-url`), not the harness's stand-in.\n");
            }
        }
        if (load != null) {
            md.append('\n').append(LoadTest.markdown(load, "The runner ran as `java -jar local/target/moduo-local.jar` (no JVM flags) "
                    + "against the harness's MongoDB and " + (options.http().streamUrl() == null ? "Stream stand-in"
                    : "the Stream API at " + options.http().streamUrl() + " (`--stream-url`)") + ", in a process of its own."));
        }
        targetsSection(md);
        if (!unmeasured.isEmpty()) {
            md.append("\n**Not measured** (in template.yaml, but the benchmark does not know how to call them):\n\n");
            unmeasured.forEach(line -> md.append("- ").append(line).append('\n'));
        }
        md.append("\nStream API violations seen by the stand-in during the run: ")
                .append(violations.isEmpty() ? "none." : violations.size() + ":\n\n"
                        + violations.stream().limit(10).map(v -> "- " + v).collect(Collectors.joining("\n")) + "\n")
                .append("\n\n");
        method(md);
        return md.toString();
    }

    private void coldTable(StringBuilder md) {
        md.append("## Cold start: first response of a new execution environment\n\n");
        md.append("Milliseconds to the response of the first invocation, as the Runtime API received it: on demand from launching `java`, "
                        + "SnapStart-shaped from answering `restore/next` (the snapshot's restore; the checkpoint happened at publish time). "
                        + "Median of ")
                .append(options.runs()).append(" runs [min–max]; × = the median over hello-world's median of the same set and run.\n\n");
        StringBuilder header = new StringBuilder("| function |");
        StringBuilder rule = new StringBuilder("|---|");
        for (ColdStart.Set set : options.coldSets()) {
            header.append(' ').append(set.label()).append(" ms | × |");
            rule.append("---:|---:|");
        }
        header.append(" jar |");
        rule.append("---:|");
        md.append(header).append('\n').append(rule).append('\n');
        for (Target target : targets) {
            md.append("| ").append(target.name()).append(" |");
            for (ColdStart.Set set : options.coldSets()) {
                Stats stats = totals(target, set);
                md.append(String.format(Locale.ROOT, " %.0f [%.0f–%.0f] | %.1f× |", stats.median(), stats.min(), stats.max(),
                        stats.median() / totals(hello(), set).median()));
            }
            md.append(' ').append(megabytes(jarSize(target))).append(" |\n");
        }
    }

    private void breakdown(StringBuilder md) {
        md.append("\n### Where the cold time goes\n\n");
        md.append("Medians in ms, as the lifecycle harness's Runtime API saw them. INIT = from launching `java` to the end of Lambda's "
                + "init phase (JVM start, the runtime interface client loading and constructing the handler; SnapStart-shaped also the "
                + "`beforeCheckpoint` hooks, up to `restore/next`); restore = from answering `restore/next` to the first `invocation/next` "
                + "(the `afterRestore` hooks); first invocation = from handing the event out to the posted response (the runtime's "
                + "deserialization, `handleRequest`, serialization); first response = what a caller waits for (see above). "
                + "CPU = CPU time of all the process's threads (JIT and GC included) just after the response, as the OS reports it: less "
                + "disturbed than wall time when the machine is busy. SnapStart-shaped, the process is not restored from a snapshot: "
                + "INIT and restore run in one JVM, so the restore column lacks Lambda's snapshot restore itself.\n\n");
        md.append("| function | shape, flags | INIT | restore | first invocation | first response | CPU |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Target target : targets) {
            for (ColdStart.Set set : options.coldSets()) {
                List<ColdStart.Sample> samples = cold.get(target).get(set);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.0f | %.0f | %.0f |\n", target.name(), set.label(),
                        median(samples, ColdStart.Sample::init),
                        set.shape() == Shape.SNAP_START ? String.format(Locale.ROOT, "%.0f", median(samples, ColdStart.Sample::restore)) : "–",
                        median(samples, ColdStart.Sample::firstInvocation), median(samples, ColdStart.Sample::firstResponse),
                        median(samples, ColdStart.Sample::cpu)));
            }
        }
    }

    private void warmTable(StringBuilder md) {
        if (warm.isEmpty()) {
            return;
        }
        md.append("\n## Warm: one JVM, ").append(options.warmInvocations()).append(" invocations\n\n");
        md.append("Per invocation (event parse, handler, response serialization), in ms. CPU = the function JVM's CPU time (all its threads) "
                + "while invocations ran, per invocation: the function's own work, as opposed to waiting for MongoDB and Stream. "
                + "Heap = heap in use after a full GC (`System.gc()`, MemoryMXBean), after the 1st invocation / the 1,000th / the last; "
                + "non-heap (metaspace, code cache) at the end.\n\n");
        md.append("| function | flags | p50 | p99 | p50 first 1000 | p50 second 1000 | p50 last 1000 | last ÷ second | CPU | heap MB 1st / 1000th / end | non-heap MB |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        warm.forEach((target, byFlags) -> byFlags.forEach((flags, result) -> md.append(String.format(Locale.ROOT,
                "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f / %.1f / %.1f | %.1f |\n",
                target.name(), label(flags), result.all().median(), result.all().percentile(99), result.firstThousand().median(),
                result.secondThousand().median(), result.lastThousand().median(),
                result.lastThousand().median() / result.secondThousand().median(),
                result.cpuPerInvocationMillis(),
                mib(result.afterFirst().used()), mib(result.afterFirstThousand().used()), mib(result.atEnd().used()),
                mib(result.atEnd().nonHeapUsed())))));
        md.append("\np50 of each thousand, in order (ms):\n\n");
        warm.forEach((target, byFlags) -> byFlags.forEach((flags, result) -> md.append("- ").append(target.name()).append(" (")
                .append(label(flags)).append("): ").append(result.p50ByThousand().stream()
                        .map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(" "))).append('\n')));
    }

    private void targetsSection(StringBuilder md) {
        md.append("\n## Targets (the runtime's own JVM flags, ratios from this run)\n\n");
        Target create = targets.stream().filter(t -> t.handler().equals(Scenarios.CREATE) && !t.name().contains("@"))
                .findFirst().orElse(null);
        ColdStart.Set onDemand = new ColdStart.Set(Shape.ON_DEMAND, ChildJvm.Flags.DEFAULT);
        ColdStart.Set snapStart = new ColdStart.Set(Shape.SNAP_START, ChildJvm.Flags.DEFAULT);
        if (create != null && !cold.isEmpty() && options.coldSets().contains(snapStart)) {
            double restored = totals(create, snapStart).median();
            check(md, restored <= SNAP_START_CREATE_TARGET_MS, String.format(Locale.ROOT,
                    "%s under SnapStart, restore → first response ≤ %.0f ms: %.0f ms (hello-world %.0f ms in this run)", create.name(),
                    SNAP_START_CREATE_TARGET_MS, restored, totals(hello(), snapStart).median()));
        }
        if (create != null && !cold.isEmpty() && options.coldSets().contains(onDemand)) {
            double helloMedian = totals(hello(), onDemand).median();
            double ratio = totals(create, onDemand).median() / helloMedian;
            check(md, ratio <= COLD_RATIO_TARGET, String.format(Locale.ROOT,
                    "%s's first response ≤ %.0f× hello-world: %.1f×", create.name(), COLD_RATIO_TARGET, ratio));
            for (Target target : targets) {
                if (target == create || target.isBaseline() || target.name().contains("@")) {
                    continue;
                }
                double other = totals(target, onDemand).median() / helloMedian;
                check(md, other <= COLD_RATIO_TARGET, String.format(Locale.ROOT,
                        "%s's first response ≤ %.0f×: %.1f×", target.name(), COLD_RATIO_TARGET, other));
            }
        }
        if (create != null && warm.containsKey(create)) {
            WarmRun.Result result = warm.get(create).get(ChildJvm.Flags.DEFAULT);
            check(md, result.all().median() <= WARM_P50_TARGET_MS, String.format(Locale.ROOT,
                    "warm %s p50 ≤ %.0f ms: %.2f ms", create.name(), WARM_P50_TARGET_MS, result.all().median()));
        }
        warm.forEach((target, byFlags) -> {
            WarmRun.Result result = byFlags.get(ChildJvm.Flags.DEFAULT);
            // One-sided: the JIT is still compiling during the first thousands, so a faster end is warm-up, not drift;
            // what the target guards against is a function that slows down as it serves.
            double drift = result.lastThousand().median() / result.secondThousand().median() - 1;
            check(md, drift <= DRIFT_TARGET, String.format(Locale.ROOT,
                    "%s: last thousand's p50 not more than %.0f%% above the second thousand's: %+.1f%%%s", target.name(),
                    DRIFT_TARGET * 100, drift * 100, drift < -DRIFT_TARGET ? " (faster: the JIT was still compiling in the second thousand)" : ""));
            long growth = result.atEnd().used() - result.afterFirstThousand().used();
            check(md, growth <= HEAP_GROWTH_TOLERANCE, String.format(Locale.ROOT,
                    "%s: heap not growing (after GC, 1,000th → last, tolerance 1 MiB): %+.2f MB", target.name(), growth / 1048576.0));
        });
        if (http != null) {
            new HttpReport(http).targets().forEach(line -> md.append("- ").append(line.replace("**MISSED**", "**NOT met**")).append('\n'));
        }
        // Once per jar: the functions share one.
        Map<Path, List<String>> byJar = new LinkedHashMap<>();
        for (Target target : targets) {
            if (!target.isBaseline() && !target.name().contains("@")) {
                byJar.computeIfAbsent(target.jar(), jar -> new ArrayList<>()).add(target.name());
            }
        }
        byJar.forEach((jar, names) -> {
            long size = jarSize(jar);
            check(md, size <= JAR_TARGET_BYTES, String.format(Locale.ROOT, "%s ≤ 15 MB: %s (%s)", options.root().relativize(jar),
                    megabytes(size), String.join(", ", names)));
        });
    }

    private void method(StringBuilder md) {
        md.append("## How it was measured\n\n");
        md.append("""
                - One harness JVM starts MongoDB (in-process mongo-java-server, spoken to over the wire protocol), the Stream stand-in \
                (HTTP on 127.0.0.1, checking every request against Stream's API) and a Clerk issuer serving its JWKS over HTTP, once. \
                It seeds what each call needs (a session to get, join or end; 25 active sessions to list) through Moduo's own SessionService.
                - Each cold start is a new execution environment of the lifecycle harness (module `lifecycle`): the function's jar \
                unzipped into a fresh task root, a new JVM running AWS's runtime interface client (`com.amazonaws:aws-lambda-java-runtime-interface-client`, \
                the code the managed runtime runs) with the managed runtime's JVM options, Lambda's environment variables for the shape \
                plus the function's settings, and a Runtime API of its own on 127.0.0.1. The client loads the handler, picks the serializer, \
                (SnapStart-shaped: runs the checkpoint hooks, asks for `restore/next`, runs the restore hooks), asks for the invocation, \
                and posts the response; the sample event from `events/` carries a fresh Clerk token. The response must have the function's \
                success status or the benchmark stops.
                - Cold runs are interleaved (every function, then the next round) after one unrecorded warm-up round, so drift on the \
                machine hits all functions alike. Functions that create users get a new user per cold run, so each does its full work \
                (user record, Stream user upsert).
                - Warm runs: one JVM per function; events are sent in batches of 1,000 and each invocation is timed inside the runner. \
                Between batches (outside the timed region) the Stream stand-in's state and MongoDB's sessions are emptied, so stores \
                growing under the function are not measured.
                - HTTP: the local runner in a process of its own (`java -jar local/target/moduo-local.jar`, no JVM flags) with \
                explicit settings pointing at the harness's MongoDB, Stream (the stand-in, or `--stream-url`) and Clerk issuer, so \
                nothing is embedded in it. A client in the harness speaks HTTP/1.1 over keep-alive sockets (TCP_NODELAY; headers \
                and body in two writes, as browsers and Node send a POST). The function's own time is its log line's `durationMs`, \
                paired with the client's time by the API Gateway request id the runner puts in the event and the response. CPU per \
                request = the backend process's utime + stime (`/proc/<pid>/stat`) over a closed loop, divided by its requests. \
                Sessions that a join or an end needs are made through the same API before the clock starts.
                - Load test: an open loop (requests sent when due), so a slow answer shows as latency and requests waiting.
                - Not included: TLS (the stand-ins are plain HTTP on loopback; Atlas, Stream and Clerk are HTTPS), network latency, \
                Lambda's own sandbox start-up and snapshot restore, and Lambda's CPU share (1 GB is less than one vCPU). SnapStart-shaped runs \
                reach MongoDB during the checkpoint (as when Atlas is reachable at publish time).
                """);
    }

    private static void check(StringBuilder md, boolean met, String text) {
        md.append("- ").append(met ? "**met**: " : "**NOT met**: ").append(text).append('\n');
    }

    private Target hello() {
        return targets.get(0);
    }

    private Stats totals(Target target, ColdStart.Set set) {
        return new Stats(cold.get(target).get(set).stream().mapToDouble(ColdStart.Sample::firstResponse).toArray());
    }

    private static double median(List<ColdStart.Sample> samples, java.util.function.ToDoubleFunction<ColdStart.Sample> value) {
        return new Stats(samples.stream().mapToDouble(value).toArray()).median();
    }

    private static String label(ChildJvm.Flags flags) {
        return flags == ChildJvm.Flags.DEFAULT ? "default" : "C1";
    }

    private static long jarSize(Target target) {
        return jarSize(target.jar());
    }

    private static long jarSize(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
