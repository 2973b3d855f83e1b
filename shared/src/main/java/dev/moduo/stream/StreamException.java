package dev.moduo.stream;

import dev.moduo.core.DependencyFailure;

/**
 * Stream failed (a retry may help) or refused the request. What Stream said is kept in the getters and in
 * the cause, for operators' logs; what the caller is told is the HTTP edge's business.
 */
public class StreamException extends DependencyFailure {

    private final boolean retriable;
    private final String operation;
    private final int streamHttpStatus;
    private final Integer streamCode;
    private final String streamMessage;
    private final Integer streamStatusCode;

    public StreamException(boolean retriable, String message, Throwable cause) {
        this(retriable, message, cause, null, 0, StreamApiError.none());
    }

    private StreamException(boolean retriable, String message, Throwable cause, String operation,
                            int streamHttpStatus, StreamApiError error) {
        super(message, cause);
        this.retriable = retriable;
        this.operation = operation;
        this.streamHttpStatus = streamHttpStatus;
        this.streamCode = error.code();
        this.streamMessage = error.message();
        this.streamStatusCode = error.statusCode();
    }

    /** Stream did not answer usefully in time: no answer, 429, 5xx, or the deadline ran out. */
    public static StreamException unavailable(String operation, int streamHttpStatus, StreamApiError error,
                                              String what, Throwable transportFailure) {
        return new StreamException(true, describe(operation, streamHttpStatus, error, what),
                new Detail(describe(operation, streamHttpStatus, error, what), transportFailure),
                operation, streamHttpStatus, error);
    }

    /** Stream answered and said no; sending the same request again would get the same answer. */
    public static StreamException rejected(String operation, int streamHttpStatus, StreamApiError error) {
        return new StreamException(false, describe(operation, streamHttpStatus, error, "refused"),
                new Detail(describe(operation, streamHttpStatus, error, "refused"), null),
                operation, streamHttpStatus, error);
    }

    /** The Stream operation (its OpenAPI operationId, e.g. GetOrCreateCall), or null. */
    public String operation() {
        return operation;
    }

    /** The HTTP status Stream answered with, 0 when there was no answer. */
    public int streamHttpStatus() {
        return streamHttpStatus;
    }

    /** Stream's error code from its APIError body (4 input error, 16 not found...), or null. */
    public Integer streamCode() {
        return streamCode;
    }

    public String streamMessage() {
        return streamMessage;
    }

    /** The {@code StatusCode} field of the APIError body, or null. */
    public Integer streamStatusCode() {
        return streamStatusCode;
    }

    @Override
    public boolean retriable() {
        return retriable;
    }

    public boolean isNotFound() {
        return streamHttpStatus == 404;
    }

    @Override
    public String toString() {
        return "StreamException[" + (retriable ? "unavailable " : "rejected ") + getMessage()
                + (getCause() == null ? "" : "; " + getCause().getMessage()) + "]";
    }

    private static String describe(String operation, int httpStatus, StreamApiError error, String what) {
        StringBuilder text = new StringBuilder("Stream ").append(operation).append(' ').append(what);
        if (httpStatus > 0) {
            text.append(": HTTP ").append(httpStatus);
        }
        if (error.code() != null) {
            text.append(", code ").append(error.code());
        }
        if (error.message() != null) {
            text.append(", ").append(error.message());
        }
        return text.toString();
    }

    /**
     * Carries what Stream said (or why it said nothing) as the cause, which is where the invocation
     * log looks for operator details; no stack trace, because the interesting part is the text.
     */
    static final class Detail extends Exception {
        Detail(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
