package dev.moduo.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Refusal;
import dev.moduo.stream.StreamTimestamps;
import java.time.Instant;
import java.util.Optional;

/** Reading fields of a Stream webhook event; a field that is there but malformed is a 400 naming it. */
final class StreamEventFields {

    private StreamEventFields() {
    }

    /** The text, or null when the field is missing, not text, or blank. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }

    /** @throws Refusal 400 "{field} is missing" when there is no text */
    static String required(JsonNode node, String field) {
        String value = text(node);
        if (value == null) {
            throw Refusal.badInput(field + " is missing");
        }
        return value;
    }

    /** The time, empty when the field is missing; @throws Refusal 400 naming the field when it is not a time */
    static Optional<Instant> time(JsonNode value, String field) {
        try {
            return StreamTimestamps.read(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.badInput(field + ": " + e.getMessage());
        }
    }
}
