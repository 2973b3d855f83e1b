package dev.moduo.bench.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Runs one function in this JVM the way the Lambda Java runtime does: loads the handler class,
 * constructs it with its no-argument constructor (the function's INIT), picks serializers from the
 * handler's declared types, then per invocation deserializes the event, calls {@code handleRequest}
 * with a fresh Context and serializes the response.
 *
 * <p>{@code cold <handler> <event.json>} makes one invocation and reports, as one line starting with
 * {@value #MARK}, wall-clock instants (epoch microseconds) of main, INIT done, and the response, so the
 * harness can measure from the moment it launched the process. {@code warm <handler>} reads commands
 * from standard input (see {@link #warm}) and times each invocation.
 *
 * <p>Anything that is only needed for the report (management beans, class counts) is read after the
 * response, so it is not part of what is timed.
 */
public final class LambdaRunner {

    static final String MARK = "@@bench ";
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int TIMEOUT_MILLIS = 15_000;

    private final RequestHandler<Object, Object> handler;
    private final RuntimeSerialization.Codec input;
    private final RuntimeSerialization.Codec output;
    private final String functionName;
    private final int memoryMb;
    /** When the handler's constructor returned (before the serializers were set up), epoch microseconds. */
    private final long constructedMicros;

    private LambdaRunner(String handlerClass) throws ReflectiveOperationException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type = Class.forName(handlerClass, true, loader);
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> instance = (RequestHandler<Object, Object>) type.getConstructor().newInstance();
        this.handler = instance;
        this.constructedMicros = epochMicros();
        Type[] io = HandlerTypes.of(type);
        this.input = RuntimeSerialization.codecFor(io[0], loader);
        this.output = RuntimeSerialization.codecFor(io[1], loader);
        this.functionName = env("AWS_LAMBDA_FUNCTION_NAME", type.getSimpleName());
        this.memoryMb = Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
    }

    public static void main(String[] args) throws Exception {
        long mainMicros = epochMicros();
        if (args.length < 2) {
            System.err.println("usage: LambdaRunner cold <handler class> <event.json> | warm <handler class>");
            System.exit(2);
        }
        try {
            switch (args[0]) {
                case "cold" -> cold(args[1], Path.of(args[2]), mainMicros);
                case "warm" -> warm(args[1]);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (Throwable failure) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            System.out.println(MARK + "error " + b64(trace.toString().getBytes(StandardCharsets.UTF_8)));
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void cold(String handlerClass, Path eventFile, long mainMicros) throws Exception {
        byte[] event = Files.readAllBytes(eventFile);
        LambdaRunner runner = new LambdaRunner(handlerClass);
        long initMicros = epochMicros();
        Object request = runner.input.read(new ByteArrayInputStream(event));
        long decodedMicros = epochMicros();
        Object result = runner.handler.handleRequest(request, runner.context());
        long handledMicros = epochMicros();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        runner.output.write(result, response);
        long responseMicros = epochMicros();

        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        // CPU of all threads (JIT and GC included): less disturbed than wall time when the machine is busy.
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.println(MARK + "cold jvmStartMs=" + jvmStartMillis + " cpuNs=" + cpuNanos  + " mainUs=" + mainMicros
                + " constructedUs=" + runner.constructedMicros + " initUs=" + initMicros + " decodedUs=" + decodedMicros + " handledUs=" + handledMicros
                + " responseUs=" + responseMicros + " classes=" + classes
                + " output=" + b64(response.toByteArray()));
        System.out.flush();
        exit();
    }

    /**
     * Ends the JVM now that the report is out. Shutdown hooks run (a JFR recording asked for with --child-arg
     * is written by one), but a hook that hangs does not keep the run waiting: Lambda would have frozen the
     * environment here anyway.
     */
    private static void exit() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(0);
        }, "exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(0);
    }

    /**
     * Commands, one per line: {@code EXPECT <status>} (the status every later response must have),
     * {@code EVENT <base64 event>} (one timed invocation), {@code REPEAT <n> <base64 event>} (n of them),
     * {@code SYNC} (answers when all before it are done), {@code HEAP} (full GC, then heap and non-heap in use),
     * {@code STATS} (every invocation's duration in nanoseconds, then exit).
     */
    private static void warm(String handlerClass) throws Exception {
        LambdaRunner runner = new LambdaRunner(handlerClass);
        Timings timings = new Timings();
        Integer expected = null;
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(MARK + "ready");
        System.out.flush();
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "EXPECT" -> expected = Integer.valueOf(parts[1]);
                case "EVENT" -> runner.timed(Base64.getDecoder().decode(parts[1]), expected, timings);
                case "REPEAT" -> {
                    byte[] event = Base64.getDecoder().decode(parts[2]);
                    for (int i = Integer.parseInt(parts[1]); i > 0; i--) {
                        runner.timed(event, expected, timings);
                    }
                }
                case "SYNC" -> reply("synced n=" + timings.count + " failures=" + timings.failures
                        + (timings.firstFailure == null ? "" : " firstFailure=" + b64(timings.firstFailure.getBytes(StandardCharsets.UTF_8))));
                case "HEAP" -> reply(heap());
                case "STATS" -> {
                    reply("cpu total=" + timings.cpuNanos + " n=" + timings.count);
                    reply("durations " + timings.joined());
                    exit();
                }
                default -> throw new IllegalArgumentException("unknown command " + parts[0]);
            }
        }
        Runtime.getRuntime().halt(0);
    }

    private void timed(byte[] event, Integer expected, Timings timings) {
        long processCpu = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        Object request = input.read(new ByteArrayInputStream(event));
        Object result = handler.handleRequest(request, context());
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        output.write(result, response);
        long took = System.nanoTime() - started;
        timings.add(took);
        timings.cpuNanos += PROCESS.getProcessCpuTime() - processCpu;
        Integer status = statusOf(result);
        if (expected != null && !expected.equals(status)) {
            timings.failures++;
            if (timings.firstFailure == null) {
                timings.firstFailure = response.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private RunnerContext context() {
        return new RunnerContext(functionName, memoryMb, TIMEOUT_MILLIS);
    }

    private static Integer statusOf(Object result) {
        if (result == null) {
            return null;
        }
        try {
            Method getter = result.getClass().getMethod("getStatusCode");
            return (Integer) getter.invoke(result);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static String heap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // Two passes: the first may only move what finalization or reference processing frees to the second.
        System.gc();
        System.gc();
        return "heap used=" + memory.getHeapMemoryUsage().getUsed()
                + " committed=" + memory.getHeapMemoryUsage().getCommitted()
                + " nonHeapUsed=" + memory.getNonHeapMemoryUsage().getUsed();
    }

    private static void reply(String text) {
        System.out.println(MARK + text);
        System.out.flush();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Every invocation's duration, in order, without boxing. */
    private static final class Timings {
        private long[] nanos = new long[1 << 14];
        private int count;
        private int failures;
        private String firstFailure;
        /** CPU of the whole process (every thread: the HTTP client's, the MongoDB driver's, GC, JIT) while invocations ran. */
        private long cpuNanos;

        void add(long took) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = took;
        }

        String joined() {
            StringBuilder text = new StringBuilder(count * 8);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(nanos[i]);
            }
            return text.toString();
        }
    }
}
