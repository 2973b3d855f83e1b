package dev.moduo.lifecycle;

/** How one invocation ended, as the Runtime API saw it. */
public sealed interface Outcome {

    /** {@code POST /invocation/{id}/response}: the serialized result. */
    record Response(String body, long latencyNanos) implements Outcome {
    }

    /** {@code POST /invocation/{id}/error}, or a response Lambda refuses (too large). */
    record Failed(String errorType, String body) implements Outcome {
    }

    /** The runtime's process ended before answering. */
    record Exited(int exitCode) implements Outcome {
    }

    /** No answer by the function's deadline (plus a margin). */
    record TimedOut(long waitedMillis) implements Outcome {
    }
}
