package dev.moduo.webhook;

/** Who sent a webhook delivery. */
public enum WebhookSource {
    CLERK("clerk"), STREAM("stream");

    private final String stored;

    WebhookSource(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }
}
