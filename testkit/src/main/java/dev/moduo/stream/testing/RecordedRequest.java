package dev.moduo.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the stand-in received it. {@code operation} is Stream's operationId (null when the path
 * is not one the stand-in knows), {@code pathId} the call or channel id in the path, {@code headers}
 * keyed by lower-case name, {@code body} null when none was sent (and a text node when it was not JSON).
 */
public record RecordedRequest(String operation, String method, String path, String pathId,
                              Map<String, String> query, Map<String, List<String>> headers,
                              JsonNode body, String rawBody, Instant receivedAt) {

    public RecordedRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? null : body.deepCopy();
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Without headers: the Authorization header is a server token. */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + " " + query + " op=" + operation + " body=" + rawBody + "]";
    }
}
