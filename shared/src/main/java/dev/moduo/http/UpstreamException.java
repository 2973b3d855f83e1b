package dev.moduo.http;

/**
 * A dependency (Stream, MongoDB, Secrets Manager) failed or did not answer in time.
 * {@link #status()} is 503 when a retry may succeed and 502 when the dependency refused the request.
 * The message is the one the caller sees; details for operators stay in the cause.
 */
public class UpstreamException extends ApiException {

    public UpstreamException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
