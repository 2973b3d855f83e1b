package dev.moduo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads JSON request bodies with the checks the contract asks for (413, 415, 400). */
public final class RequestBodies {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private RequestBodies() {
    }

    /** The body as a JSON object; 400 if it is missing or not an object, 413 if too large, 415 if not JSON. */
    public static JsonNode jsonObject(ApiRequest request) {
        rejectTooLarge(request);
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.isEmpty() && !isJson(contentType)) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        if (!request.hasBody() || new String(request.body(), StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("Request body is required: send a JSON object");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("Request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return node;
    }

    /** For routes that take no body: anything sent is ignored, but an oversized one is still refused. */
    public static void rejectTooLarge(ApiRequest request) {
        if (request.body().length > MAX_BODY_BYTES) {
            throw new ApiException(413, "Request body is too large (limit 1 MB)");
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim();
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
