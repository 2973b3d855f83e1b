package dev.moduo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM running {@code LambdaRunner} on a function's jar, with the function's settings as its
 * environment (as Lambda passes them). Its output is drained continuously, so the function's log lines
 * never block it; the runner's report lines (prefixed {@code @@bench }) are handed to the harness.
 */
final class ChildJvm implements AutoCloseable {

    static final String RUNNER_CLASS = "dev.moduo.bench.runner.LambdaRunner";
    private static final String MARK = "@@bench ";
    /** What template.yaml's Globals set for every function. */
    static final String C1_ONLY_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** Inherited variables that would change the child's JVM or the function's settings behind the benchmark's back. */
    private static final List<String> SCRUBBED = List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
            "CLASSPATH", "MONGODB_URI", "MONGODB_DATABASE", "STREAM_SECRET_ID", "STREAM_API_KEY", "STREAM_API_SECRET",
            "STREAM_BASE_URL", "CLERK_JWKS_URL", "CLERK_JWT_KEY", "CLERK_AUTHORIZED_PARTIES");

    /** JVM flag sets a run can use. */
    enum Flags {
        DEFAULT("default JVM flags"),
        C1("JAVA_TOOL_OPTIONS=" + C1_ONLY_OPTIONS);

        final String description;

        Flags(String description) {
            this.description = description;
        }
    }

    private final Process process;
    private final long launchedMicros;
    private final BlockingQueue<String> marks = new LinkedBlockingQueue<>();
    private final Deque<String> lastOutput = new ArrayDeque<>();
    private final StringBuilder errors = new StringBuilder();
    private final Writer input;

    private ChildJvm(Process process, long launchedMicros) {
        this.process = process;
        this.launchedMicros = launchedMicros;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::drainOutput, "child-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::drainErrors, "child-stderr");
        err.setDaemon(true);
        err.start();
    }

    /** Extra JVM options for every child, for diagnosis only (--child-arg). */
    static volatile List<String> diagnosticArgs = List.of();

    static ChildJvm start(Path functionJar, Path runnerJar, Flags flags, Map<String, String> settings,
                          String functionName, List<String> runnerArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(diagnosticArgs);
        command.add("-cp");
        command.add(functionJar + java.io.File.pathSeparator + runnerJar);
        command.add(RUNNER_CLASS);
        command.addAll(runnerArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        SCRUBBED.forEach(env::remove);
        // What the Lambda runtime sets for every function; the function (or Micronaut) may look at them.
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("TZ", ":UTC");
        // After the defaults: the settings' region is the one their Secrets Manager ARNs name.
        env.putAll(settings);
        if (flags == Flags.C1) {
            env.put("JAVA_TOOL_OPTIONS", C1_ONLY_OPTIONS);
        }
        long launched = epochMicros();
        try {
            return new ChildJvm(builder.start(), launched);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    long launchedMicros() {
        return launchedMicros;
    }

    /** The next report line, without its prefix; fails with the child's output if it died or took too long. */
    String awaitMark(Duration timeout) {
        try {
            String mark = marks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (mark == null) {
                throw failure("no report within " + timeout.toSeconds() + " s");
            }
            if (mark.startsWith("error ")) {
                String trace = new String(java.util.Base64.getDecoder().decode(mark.substring(6)), StandardCharsets.UTF_8);
                throw failure("the runner failed:\n" + trace);
            }
            return mark;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    void send(String line) {
        try {
            input.write(line);
            input.write('\n');
        } catch (IOException e) {
            throw failure("cannot write to it: " + e.getMessage());
        }
    }

    void flush() {
        try {
            input.flush();
        } catch (IOException e) {
            throw failure("cannot write to it: " + e.getMessage());
        }
    }

    IllegalStateException failure(String what) {
        String output;
        synchronized (lastOutput) {
            output = String.join("\n", lastOutput);
        }
        String errorText;
        synchronized (errors) {
            errorText = errors.toString();
        }
        return new IllegalStateException("Child JVM " + what + "\n--- last output:\n" + output + "\n--- errors:\n" + errorText);
    }

    private void drainOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(MARK)) {
                    marks.add(line.substring(MARK.length()));
                } else {
                    synchronized (lastOutput) {
                        lastOutput.addLast(line.length() > 2000 ? line.substring(0, 2000) + "..." : line);
                        if (lastOutput.size() > 20) {
                            lastOutput.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // The child is gone; awaitMark reports it.
        }
    }

    private void drainErrors() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (errors) {
                    if (errors.length() < 20_000) {
                        errors.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // The child is gone.
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Lets the child end by itself (its shutdown hooks may write a JFR recording), then makes sure it is gone. */
    @Override
    public void close() {
        try {
            input.close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
