package dev.moduo.lifecycle;

/**
 * One request the runtime made to the Runtime API, and what it was answered.
 *
 * @param arrivedNanos {@link System#nanoTime()} when it arrived (a {@code next} is answered much later)
 * @param errorType    its {@code Lambda-Runtime-Function-Error-Type} header, null if none
 */
public record RuntimeCall(long arrivedNanos, String method, String path, int status, String errorType) {

    /** "GET /2018-06-01/runtime/invocation/next → 200", with the error type when there is one. */
    @Override
    public String toString() {
        return method + " " + path + " → " + status + (errorType == null ? "" : " (" + errorType + ")");
    }
}
