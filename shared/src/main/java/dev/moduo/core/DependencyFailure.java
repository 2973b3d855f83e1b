package dev.moduo.core;

/**
 * A service Moduo depends on (Stream, AWS Secrets Manager) failed or refused a call. Each client throws its
 * own subclass, with what the service said for operators; the HTTP edge decides what the caller is told.
 */
public abstract class DependencyFailure extends RuntimeException {

    protected DependencyFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when repeating the call may succeed (no answer in time, throttling, a server error). */
    public abstract boolean retriable();
}
