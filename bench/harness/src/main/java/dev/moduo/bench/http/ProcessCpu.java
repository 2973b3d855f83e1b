package dev.moduo.bench.http;

/**
 * CPU time a process has used, all its threads, user and system, as the JDK reads it from the operating system
 * ({@code /proc/<pid>/stat} on Linux, in its own clock ticks). Read the same way for every backend, whatever it runs on.
 */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** Milliseconds of CPU used so far by {@code pid}. */
    public static double millis(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(cpu -> cpu.toNanos() / 1e6)
                .orElseThrow(() -> new IllegalStateException("Cannot read the CPU time of process " + pid));
    }
}
