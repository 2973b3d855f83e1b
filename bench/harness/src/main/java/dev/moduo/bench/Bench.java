package dev.moduo.bench;

import dev.moduo.bench.http.ApiLoad;
import dev.moduo.bench.http.Backend;
import dev.moduo.bench.http.HttpBench;
import dev.moduo.bench.http.ListeningProcess;
import dev.moduo.bench.http.LoadTest;
import dev.moduo.bench.http.RunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark: cold start (first response of a fresh JVM) and warm speed (many invocations in one
 * JVM) of every function template.yaml deploys, next to a hello-world handler run the same way.
 * Writes a markdown table to bench/results.md. Run it from the repository root after {@code mvn package}.
 */
public final class Bench {

    /** Suffix of an --also value whose build gets its secrets as plain variables. */
    static final String PLAIN_SECRETS = ",plain-secrets";

    static final String HELLO_HANDLER = "dev.moduo.bench.hello.HelloWorldFunction";
    /** The baseline runs with the memory of the HTTP functions it is compared with. */
    static final int HELLO_MEMORY_MB = 1024;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = options.root();
        ChildJvm.diagnosticArgs = options.childArgs();
        if (!Files.exists(root.resolve("template.yaml"))) {
            fail("No template.yaml in " + root + ": run from the repository root or pass --root");
        }
        Path runnerJar = root.resolve("bench/runner/target/bench-runner.jar");
        Path helloJar = root.resolve("bench/hello/target/hello-world.jar");

        List<Target> targets = new ArrayList<>();
        targets.add(new Target("hello-world", "HelloWorldFunction", helloJar, HELLO_HANDLER, HELLO_MEMORY_MB, Scenarios.HELLO));
        List<String> unmeasured = new ArrayList<>();
        List<Target> warmC1 = new ArrayList<>();
        for (TemplateFunctions.Function function : TemplateFunctions.read(root)) {
            // Named by the template's logical id: every function runs from the same jar.
            String name = function.resource();
            if (!options.selects(function)) {
                continue;
            }
            Scenarios.forHandler(function.handler()).ifPresentOrElse(
                    scenario -> {
                        Target target = new Target(name, function.resource(), function.jar(), function.handler(), function.memoryMb(), scenario);
                        targets.add(target);
                        if (options.repeatsWarmWithC1(function)) {
                            warmC1.add(target);
                        }
                        for (String spec : options.alsoOf(function)) {
                            boolean plain = spec.endsWith(PLAIN_SECRETS);
                            Path jar = Path.of(plain ? spec.substring(0, spec.length() - PLAIN_SECRETS.length()) : spec).toAbsolutePath();
                            targets.add(new Target(name + "@" + jar.getFileName() + (plain ? " (plain secrets)" : ""),
                                    function.resource(), jar, function.handler(), function.memoryMb(), scenario, plain));
                        }
                    },
                    () -> unmeasured.add(function.resource() + " (" + function.handler() + "): no scenario in bench Scenarios.java"));
        }
        // The runner serves the warm runs only; cold starts go through AWS's runtime interface client.
        Set<Path> jars = new LinkedHashSet<>(List.of(runnerJar));
        targets.forEach(target -> jars.add(target.jar()));
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                fail(root.relativize(jar) + " is missing: build first with `mvn -B -q -DskipTests package`");
            }
        }

        // The JDK's HTTP server (the Stream stand-in, the Clerk JWKS) leaves Nagle's algorithm on: against the
        // client's delayed ACKs that adds ~40 ms to a response written in two segments, which real Stream does not.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Progress progress = Progress.onTerminal();
        Machine machine = Machine.describe(root);
        Map<Target, Map<ColdStart.Set, List<ColdStart.Sample>>> cold = new LinkedHashMap<>();
        Map<Target, Map<ChildJvm.Flags, WarmRun.Result>> warm = new LinkedHashMap<>();
        HttpBench.Results http = null;
        LoadTest.Result load = null;
        List<String> violations;
        long started = System.nanoTime();
        String loadAtStart = Machine.loadAverage();
        try (BenchEnvironment env = new BenchEnvironment()) {
            Events events = new Events(root);
            Path work = Files.createTempDirectory("moduo-bench");
            ColdStart coldStart = new ColdStart(env, events, work);
            int run = 0;
            if (options.runs() > 0) {
                progress.line("warm-up round (not recorded): one cold start of each function, so the stand-ins are warm");
                for (Target target : targets) {
                    coldStart.run(target, options.coldSets().get(0), run++);
                }
            }
            for (int round = 1; round <= options.runs(); round++) {
                for (ColdStart.Set set : options.coldSets()) {
                    for (Target target : targets) {
                        progress.line(target.name() + ": cold start " + round + " of " + options.runs() + " (" + set.label() + ")");
                        ColdStart.Sample sample = coldStart.run(target, set, run++);
                        cold.computeIfAbsent(target, t -> new LinkedHashMap<>())
                                .computeIfAbsent(set, f -> new ArrayList<>()).add(sample);
                    }
                }
            }
            if (options.warmInvocations() > 0) {
                WarmRun warmRun = new WarmRun(env, events, runnerJar, progress);
                for (Target target : targets) {
                    // Scheduled functions have no warm run; --also builds are compared on cold starts only.
                    if (target.scenario().warm() == null || target.name().contains("@")) {
                        continue;
                    }
                    List<ChildJvm.Flags> flagSets = new ArrayList<>(List.of(ChildJvm.Flags.DEFAULT));
                    if (warmC1.contains(target)) {
                        flagSets.add(ChildJvm.Flags.C1);
                    }
                    for (ChildJvm.Flags flags : flagSets) {
                        WarmRun.Result result = warmRun.run(target, flags, options.warmInvocations());
                        warm.computeIfAbsent(target, t -> new EnumMap<>(ChildJvm.Flags.class)).put(flags, result);
                    }
                }
            }
            if (options.http().sequential() > 0 || options.load().seconds() > 0) {
                Path localJar = root.resolve("local/target/moduo-local.jar");
                if (!Files.isRegularFile(localJar)) {
                    fail(root.relativize(localJar) + " is missing: build first with `mvn -B -q -DskipTests package`");
                }
                progress.line("starting the local runner (" + root.relativize(localJar) + ") against the harness's stand-ins");
                Map<String, String> runnerSettings = new LinkedHashMap<>(env.plainSettings());
                if (options.http().streamUrl() != null) {
                    runnerSettings.put("STREAM_BASE_URL", options.http().streamUrl().toString());
                }
                try (RunnerProcess runner = RunnerProcess.start(root, localJar, runnerSettings)) {
                    Backend ours = new Backend("runner", runner.base(), runner.pid(), env::longLivedToken);
                    if (options.http().sequential() > 0) {
                        List<ApiLoad> loads = new ArrayList<>(List.of(new ApiLoad(ours)));
                        Options.Http plan = options.http();
                        if (plan.compareUrl() != null) {
                            Comparison.awaitOtherBackend(root, env, plan.compareUrl(), plan.workers(), progress);
                            long pid = plan.comparePid() > 0 ? plan.comparePid()
                                    : ListeningProcess.onPort(plan.compareUrl().getPort()).orElse(0L);
                            loads.add(new ApiLoad(new Backend(plan.compareName(), plan.compareUrl(), pid, env::longLivedToken)));
                        }
                        knownUsers(env, plan);
                        http = HttpBench.run(new HttpBench.Plan(plan.warmUp(), plan.sequential(), plan.concurrencies(), plan.perLoop(),
                                plan.chunks()), loads, runner, plan.routes(), env::forgetStreamTraffic, progress);
                    }
                    if (options.load().seconds() > 0) {
                        Options.Load plan = options.load();
                        for (int slot = 0; slot < plan.pages() / 2; slot++) {
                            env.knownStreamUser("load_host_" + slot);
                            env.knownStreamUser("load_guest_" + slot);
                        }
                        env.forgetStreamTraffic();
                        load = new LoadTest(ours).run(new LoadTest.Plan(plan.pages(), plan.interviewSeconds(), plan.seconds(), plan.pages()),
                                progress);
                    }
                }
            }
            violations = env.streamViolations();
        }
        String markdown = new Report(options, String.join(" ", args), machine, targets, cold, warm, unmeasured, violations,
                (System.nanoTime() - started) / 1_000_000_000L, loadAtStart, http, load).markdown();
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), markdown);
        System.out.println(markdown);
        progress.line("written to " + options.out());
        // The stand-ins' and MongoDB driver's threads would keep the JVM up.
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    /** The HTTP part's users, whom the stand-in keeps when it forgets a route's traffic (MongoDB says they are in Stream). */
    private static void knownUsers(BenchEnvironment env, Options.Http plan) {
        ApiLoad.users(plan.workers()).forEach(env::knownStreamUser);
    }

    private static void fail(String message) {
        System.err.println("[bench] " + message);
        System.exit(2);
    }
}
