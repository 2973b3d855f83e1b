package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One Stream server-side request. {@code operation} is Stream's OpenAPI operationId, used in errors
 * and logs; {@code body} is null for requests that send none. {@code idempotent} requests (all but
 * starting and stopping a recording) may be sent again after an answer was lost; see {@link StreamHttp}.
 */
public record StreamRequest(String operation, String method, String path, Map<String, String> query, JsonNode body,
                            boolean idempotent) {

    public StreamRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    public static StreamRequest post(String operation, String path, JsonNode body) {
        return new StreamRequest(operation, "POST", path, Map.of(), body, true);
    }

    public static StreamRequest get(String operation, String path) {
        return new StreamRequest(operation, "GET", path, Map.of(), null, true);
    }

    public static StreamRequest put(String operation, String path, JsonNode body) {
        return new StreamRequest(operation, "PUT", path, Map.of(), body, true);
    }

    public static StreamRequest patch(String operation, String path, JsonNode body) {
        return new StreamRequest(operation, "PATCH", path, Map.of(), body, true);
    }

    public static StreamRequest delete(String operation, String path, Map<String, String> query) {
        return new StreamRequest(operation, "DELETE", path, query, null, true);
    }

    public StreamRequest withQuery(Map<String, String> extra) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(query);
        merged.putAll(extra);
        return new StreamRequest(operation, method, path, merged, body, idempotent);
    }

    /**
     * The same request, marked as one that must not be repeated once Stream may have acted on it: a second
     * StartRecording after a lost answer could start a second recording, or be refused because the first one
     * runs. It is repeated only after answers that say Stream did not act (429, 401 before a credentials
     * reread).
     */
    public StreamRequest notRepeatable() {
        return new StreamRequest(operation, method, path, query, body, false);
    }
}
