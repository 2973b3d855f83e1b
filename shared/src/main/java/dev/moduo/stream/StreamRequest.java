package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One Stream server-side request. {@code operation} is Stream's OpenAPI operationId, used in errors
 * and logs; {@code body} is null for requests that send none.
 */
public record StreamRequest(String operation, String method, String path, Map<String, String> query, JsonNode body) {

    public StreamRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    public static StreamRequest post(String operation, String path, JsonNode body) {
        return new StreamRequest(operation, "POST", path, Map.of(), body);
    }

    public static StreamRequest get(String operation, String path) {
        return new StreamRequest(operation, "GET", path, Map.of(), null);
    }

    public static StreamRequest put(String operation, String path, JsonNode body) {
        return new StreamRequest(operation, "PUT", path, Map.of(), body);
    }

    public static StreamRequest patch(String operation, String path, JsonNode body) {
        return new StreamRequest(operation, "PATCH", path, Map.of(), body);
    }

    public static StreamRequest delete(String operation, String path, Map<String, String> query) {
        return new StreamRequest(operation, "DELETE", path, query, null);
    }

    public StreamRequest withQuery(Map<String, String> extra) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(query);
        merged.putAll(extra);
        return new StreamRequest(operation, method, path, merged, body);
    }
}
