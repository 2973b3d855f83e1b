package dev.moduo.secrets;

/**
 * Why a call to Secrets Manager failed, for operators: the AWS error type and HTTP status, or the
 * network failure. It is the cause of the {@link dev.moduo.http.UpstreamException} callers see and
 * names the secret, never a value from it.
 */
public final class SecretsManagerFailure extends RuntimeException {

    private final String errorType;
    private final int httpStatus;
    private final boolean retriable;

    SecretsManagerFailure(String message, String errorType, int httpStatus, boolean retriable, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
        this.retriable = retriable;
    }

    /** The AWS error type such as {@code ResourceNotFoundException}, or null when no response arrived. */
    public String errorType() {
        return errorType;
    }

    /** The HTTP status of the response, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether a second attempt may succeed: throttling, a server-side error, a timeout or a broken connection. */
    public boolean retriable() {
        return retriable;
    }
}
