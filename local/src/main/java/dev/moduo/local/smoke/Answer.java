package dev.moduo.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import java.io.IOException;

/** What the API answered to one request. */
record Answer(int status, String contentType, byte[] body) {

    private static final int LONGEST_MESSAGE = 200;

    /** The body as JSON; a body that is not JSON fails the step. */
    JsonNode json() {
        try {
            JsonNode node = LocalJson.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new StepFailure("answered " + status + " with an empty body, expected JSON");
            }
            return node;
        } catch (IOException e) {
            throw new StepFailure("answered " + status + " with a body that is not JSON (" + describeBody() + ")");
        }
    }

    /**
     * The API's own explanation, for failure messages: the {@code message} of an error body, else the kind of
     * body. Never the body itself, which may hold a Stream token.
     */
    String explanation() {
        try {
            JsonNode node = LocalJson.MAPPER.readTree(body);
            if (node != null && node.path("message").isTextual()) {
                String message = node.get("message").asText();
                return "message \"" + (message.length() > LONGEST_MESSAGE ? message.substring(0, LONGEST_MESSAGE) + "..." : message) + "\"";
            }
        } catch (IOException ignored) {
            // Not JSON: described below.
        }
        return describeBody();
    }

    private String describeBody() {
        if (body.length == 0) {
            return "empty body";
        }
        return body.length + " bytes" + (contentType == null ? "" : " of " + contentType);
    }

    @Override
    public String toString() {
        return "Answer[" + status + ", " + describeBody() + "]";
    }
}
