package dev.moduo.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a function's result as an HTTP API reads a payload format 2.0 response: an object with a
 * {@code statusCode} gives status, headers, {@code cookies} (one Set-Cookie each) and the body (decoded
 * when {@code isBase64Encoded}); any other valid JSON is sent as a 200 {@code application/json} body;
 * anything malformed becomes API Gateway's 500.
 */
public final class HttpApiResponses {

    private HttpApiResponses() {
    }

    public static GatewayResponse read(byte[] result) {
        JsonNode root;
        try {
            root = LocalJson.MAPPER.readTree(result);
        } catch (IOException e) {
            return internalError();
        }
        if (root == null || root.isMissingNode()) {
            return internalError();
        }
        if (!root.isObject() || !root.has("statusCode")) {
            return new GatewayResponse(200, List.of(Map.entry("content-type", "application/json")), result);
        }
        JsonNode status = root.get("statusCode");
        if (!status.isInt() || status.asInt() < 100 || status.asInt() > 599) {
            return internalError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode headerNode = root.path("headers");
        if (!headerNode.isMissingNode() && !headerNode.isNull()) {
            if (!headerNode.isObject()) {
                return internalError();
            }
            for (Map.Entry<String, JsonNode> header : iterable(headerNode)) {
                JsonNode value = header.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (!value.isValueNode()) {
                    return internalError();
                }
                headers.add(Map.entry(header.getKey(), value.asText()));
            }
        }
        JsonNode cookies = root.path("cookies");
        if (cookies.isArray()) {
            for (JsonNode cookie : cookies) {
                headers.add(Map.entry("set-cookie", cookie.asText()));
            }
        }
        JsonNode body = root.path("body");
        byte[] bytes = new byte[0];
        if (body.isTextual()) {
            if (root.path("isBase64Encoded").asBoolean(false)) {
                try {
                    bytes = Base64.getDecoder().decode(body.asText());
                } catch (IllegalArgumentException e) {
                    return internalError();
                }
            } else {
                bytes = body.asText().getBytes(StandardCharsets.UTF_8);
            }
        } else if (!body.isMissingNode() && !body.isNull()) {
            return internalError();
        }
        return new GatewayResponse(status.asInt(), headers, bytes);
    }

    /** API Gateway's answer when the function failed, timed out or answered something unreadable. */
    public static GatewayResponse internalError() {
        return GatewayResponse.message(500, "Internal Server Error");
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
