package dev.moduo.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The runtime's JVM: started in the task root with exactly the environment given (nothing inherited), its
 * stdout and stderr drained continuously (the function's log lines never block it) into a bounded tail kept
 * for diagnostics.
 */
final class ChildProcess implements AutoCloseable {

    private static final int KEPT_LINES = 300;
    private static final int LONGEST_LINE = 4000;

    private final Process process;
    private final long startedNanos;
    private final Deque<String> tail = new ArrayDeque<>();

    private ChildProcess(Process process, long startedNanos, IntConsumer onExit) {
        this.process = process;
        this.startedNanos = startedNanos;
        drain(process.getInputStream(), "out");
        drain(process.getErrorStream(), "err");
        process.onExit().thenAccept(ended -> onExit.accept(ended.exitValue()));
    }

    static ChildProcess start(List<String> command, Path workingDirectory, Map<String, String> environment, IntConsumer onExit) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        try {
            return new ChildProcess(builder.start(), started, onExit);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        }
    }

    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time of all the JVM's threads so far, as the OS reports it (empty once it has ended, or if unknown). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Its exit code once it has ended, waiting at most {@code wait}. */
    OptionalInt exitCode(Duration wait) {
        try {
            if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The last lines it wrote, stdout and stderr interleaved as they arrived. */
    String output() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** Ends it: SIGTERM, then SIGKILL if it is still there after a few seconds. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void drain(InputStream stream, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    keep(line.length() > LONGEST_LINE ? line.substring(0, LONGEST_LINE) + "…" : line);
                }
            } catch (IOException ignored) {
                // The process is gone.
            }
        }, "runtime-" + name + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
    }

    private void keep(String line) {
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > KEPT_LINES) {
                tail.removeFirst();
            }
        }
    }
}
