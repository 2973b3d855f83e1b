package dev.moduo.local.lambda;

import java.time.Duration;

/** How one invocation ended, as Lambda would report it. */
public sealed interface Outcome {

    String requestId();

    Duration took();

    /** The handler returned; {@code json} is its serialized result. */
    record Returned(String requestId, byte[] json, Duration took) implements Outcome {
    }

    /**
     * The handler threw, or could not be started ({@code duringInit}); {@code errorType} and
     * {@code errorMessage} are what Lambda's {@code X-Amz-Function-Error} body carries.
     */
    record Failed(String requestId, String errorType, String errorMessage, boolean duringInit, Duration took)
            implements Outcome {
    }

    /** The handler did not finish within the template's Timeout. */
    record TimedOut(String requestId, Duration timeout, Duration took) implements Outcome {
        public String errorMessage() {
            return String.format("Task timed out after %.2f seconds", timeout.toMillis() / 1000.0);
        }
    }
}
