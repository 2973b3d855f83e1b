package dev.moduo.lifecycle;

import java.util.OptionalInt;

/** How far the execution environment got before its first invocation. */
public sealed interface Readiness {

    /**
     * INIT finished (on demand: the runtime asked for its first invocation; SnapStart: checkpoint hooks ran,
     * the snapshot was "restored", restore hooks ran, and the runtime asked for its first invocation).
     *
     * @param initNanos    from starting {@code java} to the end of INIT (SnapStart: to {@code restore/next})
     * @param restoreNanos SnapStart: from answering {@code restore/next} to the first {@code next}; 0 on demand
     */
    record Ready(long initNanos, long restoreNanos) implements Readiness {
    }

    /** The runtime posted {@code /init/error} ({@code Runtime.BadFunctionCode}, {@code Runtime.BeforeCheckpointError}). */
    record InitFailed(ErrorReport error, OptionalInt exitCode) implements Readiness {
    }

    /** The runtime posted {@code /restore/error} ({@code Runtime.AfterRestoreError}). */
    record RestoreFailed(ErrorReport error, OptionalInt exitCode) implements Readiness {
    }

    /** The process ended without reporting anything. */
    record Exited(int exitCode, String phase) implements Readiness {
    }

    /** Nothing happened in time; the process was killed. */
    record TimedOut(String waitingFor, long waitedMillis) implements Readiness {
    }
}
