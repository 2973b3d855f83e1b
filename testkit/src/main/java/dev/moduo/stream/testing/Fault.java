package dev.moduo.stream.testing;

import java.time.Duration;

/**
 * A failure the stand-in plays instead of answering normally, to test how a client copes with Stream
 * being slow, overloaded or unreachable. Build one with the factory methods.
 */
public record Fault(Kind kind, int status, int code, String message, Duration delay) {

    public enum Kind {
        /** An APIError answer with {@link #status()} and {@link #code()}. */
        ERROR,
        /** 429 code 9 with {@code X-RateLimit-Reset} {@link #delay()} from now (rounded up to a second). */
        RATE_LIMITED,
        /** Like {@link #RATE_LIMITED}, with {@code Retry-After} (whole seconds) as well. */
        RATE_LIMITED_RETRY_AFTER,
        /** No answer for {@link #delay()} (or until the stand-in closes), then the connection is dropped. */
        HANG,
        /** The connection is closed without any answer: the client sees an I/O error. */
        DROP_CONNECTION
    }

    public static Fault internalError() {
        return status(500, -1, "internal system error");
    }

    public static Fault unavailable() {
        return status(503, -1, "service unavailable");
    }

    /** Any APIError answer, e.g. {@code status(401, 5, "...")} or {@code status(403, 17, "...")}. */
    public static Fault status(int status, int code, String message) {
        return new Fault(Kind.ERROR, status, code, message, Duration.ZERO);
    }

    public static Fault rateLimited(Duration resetIn) {
        return new Fault(Kind.RATE_LIMITED, 429, 9, "Too many requests, check response headers for more information.", resetIn);
    }

    public static Fault rateLimitedWithRetryAfter(Duration retryAfter) {
        return new Fault(Kind.RATE_LIMITED_RETRY_AFTER, 429, 9,
                "Too many requests, check response headers for more information.", retryAfter);
    }

    /** Hangs for 30 s, far longer than any client timeout. */
    public static Fault hang() {
        return hang(Duration.ofSeconds(30));
    }

    public static Fault hang(Duration delay) {
        return new Fault(Kind.HANG, 0, 0, null, delay);
    }

    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, 0, null, Duration.ZERO);
    }
}
