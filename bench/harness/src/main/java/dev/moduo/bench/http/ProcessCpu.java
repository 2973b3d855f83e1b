package dev.moduo.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, all its threads, user and system, as Linux accounts it in {@code /proc/<pid>/stat}
 * (fields 14 and 15, in clock ticks of 10 ms). Read the same way for every backend, whatever it runs on.
 */
public final class ProcessCpu {

    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux the benchmark runs on. */
    private static final double MILLIS_PER_TICK = 10.0;

    private ProcessCpu() {
    }

    /** Milliseconds of CPU used so far by {@code pid}. */
    public static double millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(fields[11]);
            long system = Long.parseLong(fields[12]);
            return (user + system) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the CPU time of process " + pid + " (/proc/" + pid + "/stat)", e);
        }
    }
}
