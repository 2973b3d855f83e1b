package dev.moduo.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The runner's own JSON (events it builds, its endpoints' answers); functions use the runtime's serializers. */
public final class LocalJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private LocalJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    /** {@code {"message": ...}}, the body of every error API Gateway itself answers. */
    public static byte[] message(String message) {
        ObjectNode body = object();
        body.put("message", message);
        return bytes(body);
    }
}
