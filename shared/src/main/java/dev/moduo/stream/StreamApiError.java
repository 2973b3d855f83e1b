package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;

/**
 * Stream's APIError body ({@code code}, {@code message}, {@code StatusCode}, {@code unrecoverable}).
 * Fields are null when Stream (or a proxy in front of it) answered with something else.
 */
public record StreamApiError(Integer code, String message, Integer statusCode, boolean unrecoverable) {

    private static final StreamApiError NONE = new StreamApiError(null, null, null, false);

    public static StreamApiError parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return NONE;
        }
        if (node == null || !node.isObject()) {
            return NONE;
        }
        return new StreamApiError(
                node.path("code").isIntegralNumber() ? node.get("code").intValue() : null,
                node.path("message").isTextual() ? node.get("message").textValue() : null,
                node.path("StatusCode").isIntegralNumber() ? node.get("StatusCode").intValue() : null,
                node.path("unrecoverable").asBoolean(false));
    }

    public static StreamApiError none() {
        return NONE;
    }
}
