package dev.moduo.local.embedded;

/** A control of the Stream emulator that cannot be done, with the status and message its caller gets. */
public final class StreamControlRefusal extends RuntimeException {

    private final int status;

    public StreamControlRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
