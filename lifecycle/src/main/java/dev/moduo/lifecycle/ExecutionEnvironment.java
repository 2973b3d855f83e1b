package dev.moduo.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One Lambda execution environment: a fresh JVM running AWS's runtime interface client on the function's code
 * (unzipped into a task root of its own, the working directory), in Lambda's environment for the launch's shape,
 * talking to a {@link RuntimeApi} of its own.
 *
 * <pre>
 * try (ExecutionEnvironment lambda = ExecutionEnvironment.start(launch)) {
 *     lambda.requireReady();                 // INIT; SnapStart: checkpoint hooks, beforeRestore steps, restore hooks
 *     Outcome first = lambda.invoke(event);  // one invocation through next → response
 * }
 * </pre>
 *
 * Every wait is bounded (INIT by the launch's {@code initTimeout}, an invocation by the function's timeout plus
 * {@link #INVOKE_MARGIN}); on a timeout the process is killed. {@link #describe()} is what to show when a step
 * fails: the Runtime API calls in order and the last lines the process wrote.
 */
public final class ExecutionEnvironment implements AutoCloseable {

    /** Beyond the function's own timeout: the runtime reports a timeout itself only in Lambda. */
    public static final Duration INVOKE_MARGIN = Duration.ofSeconds(10);
    /** How long the runtime gets to exit after reporting an init or restore error. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Launch launch;
    private final RuntimeApi api;
    private final Path taskRoot;
    private final List<String> command;
    private final ChildProcess process;
    private Readiness readiness;
    private long readyNanos;

    private ExecutionEnvironment(Launch launch, RuntimeApi api, Path taskRoot, List<String> command, Map<String, String> env) {
        this.launch = launch;
        this.api = api;
        this.taskRoot = taskRoot;
        this.command = command;
        this.process = ChildProcess.start(command, taskRoot, env, api::processExited);
    }

    /** Lays out the task root and starts the runtime's JVM; INIT runs from here on. */
    public static ExecutionEnvironment start(Launch launch) {
        ManagedRuntime runtime = ManagedRuntime.unpacked();
        FunctionSpec function = launch.function();
        Path taskRoot = TaskRoot.create(function.code(), launch.workDirectory());
        RuntimeApi api = RuntimeApi.start(launch.shape(), function.name(), launch.region());
        try {
            Map<String, String> env = LambdaVariables.of(launch, api.address(), taskRoot, runtime.directory());
            List<String> command = runtime.command(launch.shape(), function.memoryMb(), function.handler(), launch.extraJvmOptions());
            return new ExecutionEnvironment(launch, api, taskRoot, command, env);
        } catch (RuntimeException e) {
            api.close();
            TaskRoot.delete(taskRoot);
            throw e;
        }
    }

    /**
     * Waits until the runtime asks for its first invocation, or reports that it cannot. SnapStart: when the
     * runtime asks for {@code restore/next} (its handler is built and its checkpoint hooks have run), the launch's
     * {@code beforeRestore} steps run, then {@code restore/next} is answered and the restore hooks run.
     */
    public synchronized Readiness init() {
        if (readiness != null) {
            return readiness;
        }
        readiness = launch.shape() == Shape.SNAP_START ? snapStart() : onDemand();
        if (!(readiness instanceof Readiness.Ready)) {
            process.close();
        }
        return readiness;
    }

    /** {@link #init()}, failing with {@link #describe()} unless the environment became ready. */
    public Readiness.Ready requireReady() {
        Readiness result = init();
        if (result instanceof Readiness.Ready ready) {
            return ready;
        }
        throw new LifecycleException(launch.function().name() + " (" + launch.shape() + ") did not get ready: " + result
                + "\n" + describe());
    }

    private Readiness onDemand() {
        RuntimeApi.first(launch.initTimeout(), api.firstNext(), api.initError(), api.exited());
        if (api.initError().isDone()) {
            return new Readiness.InitFailed(api.initError().join(), exitCode());
        }
        if (api.firstNext().isDone()) {
            readyNanos = api.firstNext().join();
            return new Readiness.Ready(readyNanos - process.startedNanos(), 0);
        }
        if (api.exited().isDone()) {
            return new Readiness.Exited(api.exited().join(), "init");
        }
        return new Readiness.TimedOut("the first invocation/next", launch.initTimeout().toMillis());
    }

    private Readiness snapStart() {
        RuntimeApi.first(launch.initTimeout(), api.restoreRequested(), api.initError(), api.exited());
        if (api.initError().isDone()) {
            return new Readiness.InitFailed(api.initError().join(), exitCode());
        }
        if (!api.restoreRequested().isDone()) {
            return api.exited().isDone() ? new Readiness.Exited(api.exited().join(), "init")
                    : new Readiness.TimedOut("restore/next", launch.initTimeout().toMillis());
        }
        long checkpointed = api.restoreRequested().join();
        for (Runnable step : launch.beforeRestore()) {
            step.run();
        }
        api.answerRestore();
        RuntimeApi.first(launch.initTimeout(), api.firstNext(), api.restoreError(), api.exited());
        if (api.restoreError().isDone()) {
            return new Readiness.RestoreFailed(api.restoreError().join(), exitCode());
        }
        if (api.firstNext().isDone()) {
            readyNanos = api.firstNext().join();
            return new Readiness.Ready(checkpointed - process.startedNanos(), readyNanos - api.restoreAnsweredNanos());
        }
        if (api.exited().isDone()) {
            return new Readiness.Exited(api.exited().join(), "restore");
        }
        return new Readiness.TimedOut("the first invocation/next after restore", launch.initTimeout().toMillis());
    }

    /**
     * One invocation with {@code event} (JSON, as the event source would send it). A timeout kills the process,
     * as Lambda resets an environment whose invocation timed out.
     */
    public Outcome invoke(String event) {
        requireReady();
        Outcome outcome = api.invoke(event.getBytes(StandardCharsets.UTF_8), launch.function().timeout(), INVOKE_MARGIN);
        if (outcome instanceof Outcome.TimedOut) {
            process.close();
        }
        return outcome;
    }

    /** {@link #invoke}, failing with {@link #describe()} unless the runtime posted a response. */
    public String requireResponse(String event) {
        Outcome outcome = invoke(event);
        if (outcome instanceof Outcome.Response response) {
            return response.body();
        }
        throw new LifecycleException(launch.function().name() + " (" + launch.shape() + ") did not answer: " + outcome + "\n" + describe());
    }

    public Launch launch() {
        return launch;
    }

    /** {@link System#nanoTime()} just before {@code java} was started. */
    public long spawnedNanos() {
        return process.startedNanos();
    }

    /** {@link System#nanoTime()} of the first {@code next}, 0 before. */
    public synchronized long readyNanos() {
        return readyNanos;
    }

    /** SnapStart: {@link System#nanoTime()} when {@code restore/next} was answered, 0 before (or on demand). */
    public long restoreAnsweredNanos() {
        return api.restoreAnsweredNanos();
    }

    /** The process's CPU time so far (all its threads). */
    public Duration cpuTime() {
        return process.cpuTime();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<RuntimeCall> calls() {
        return api.calls();
    }

    public String output() {
        return process.output();
    }

    /** For failure messages: what ran, the Runtime API calls in order, the process's last lines. No variable values. */
    public String describe() {
        FunctionSpec function = launch.function();
        return "--- " + function.name() + " (" + launch.shape() + ", " + function.memoryMb() + " MB, pid " + process.pid()
                + (process.isAlive() ? ", running" : ", ended") + ")\n"
                + "command: " + String.join(" ", command) + "\n"
                + "variables: " + new TreeSet<>(function.variables().keySet()) + "\n"
                + "--- Runtime API calls:\n"
                + api.calls().stream().map(call -> "  " + call).collect(Collectors.joining("\n")) + "\n"
                + "--- output (last lines):\n" + process.output() + "\n---";
    }

    private OptionalInt exitCode() {
        return process.exitCode(EXIT_WAIT);
    }

    /** Ends the process, the Runtime API and the task root. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            api.close();
            TaskRoot.delete(taskRoot);
        }
    }
}
