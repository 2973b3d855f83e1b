package dev.moduo.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import dev.moduo.http.ApiException;
import java.io.IOException;

/** Reads a verified webhook body. The signature is checked on the raw bytes before this runs. */
public final class WebhookBodies {

    private WebhookBodies() {
    }

    /** The body as a JSON object; 400 when it is not one. */
    public static JsonNode jsonObject(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("Webhook body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Webhook body must be a JSON object");
        }
        return node;
    }
}
