package dev.moduo.metrics;

/** What became of one webhook delivery, the {@code Outcome} of {@link Metric#WEBHOOK_DELIVERIES}. */
public enum DeliveryOutcome {
    /** Verified, and it changed something. */
    APPLIED("applied"),
    /** Verified, and there was nothing to change (a type Moduo does not act on, a state already reached). */
    IGNORED("ignored"),
    /** Verified, and handled before under the same delivery id: a retry of the sender's. */
    DUPLICATE("duplicate"),
    /** Refused with 401: no signature, or one that does not match (a wrong secret, or not the sender). */
    UNAUTHENTICATED("unauthenticated"),
    /** Refused with another 4xx: a body that is not an event, or too large. */
    REFUSED("refused"),
    /** Answered 5xx: MongoDB or Stream failed; the sender retries. */
    FAILED("failed");

    private final String label;

    DeliveryOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The outcome of a delivery that was answered {@code status} before its handler said what it did. */
    public static DeliveryOutcome ofRefusal(int status) {
        if (status >= 500) {
            return FAILED;
        }
        return status == 401 ? UNAUTHENTICATED : REFUSED;
    }
}
