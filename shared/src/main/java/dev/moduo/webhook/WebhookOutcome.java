package dev.moduo.webhook;

/**
 * What handling a webhook event did: {@code message} for the response and the log, and whether it
 * changed anything. A delivery that changed nothing is not recorded as handled: repeating it would
 * change nothing either, and senders deliver many events Moduo ignores.
 */
public record WebhookOutcome(String message, boolean changed) {

    public static WebhookOutcome changed(String message) {
        return new WebhookOutcome(message, true);
    }

    public static WebhookOutcome ignored(String why) {
        return new WebhookOutcome("Ignored: " + why, false);
    }
}
