package dev.moduo.lifecycle;

/** An execution environment did not do what a lifecycle step required; the message carries its diagnostics. */
public final class LifecycleException extends RuntimeException {

    public LifecycleException(String message) {
        super(message);
    }
}
