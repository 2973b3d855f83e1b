package dev.moduo.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.http.Json;
import java.util.Set;

/**
 * An error answer of an AWS JSON-protocol service: {@code {"__type": "...", "message": "..."}}.
 * Only the type is kept: it is all an operator needs, and a message may quote parts of the request.
 */
record AwsJsonError(int httpStatus, String type) {

    // Secrets Manager documents InternalServiceError with HTTP 400 and throttles with 400 too, so the
    // status alone cannot tell a transient failure from a refusal.
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
            "InternalServiceError", "InternalFailure", "InternalServiceFailure", "ServiceUnavailable",
            "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete");

    /** Reads the type from the body, else from the {@code x-amzn-ErrorType} header, else "HTTP status". */
    static AwsJsonError parse(int httpStatus, String body, String errorTypeHeader) {
        String type = typeFromBody(body);
        if (type == null && errorTypeHeader != null && !errorTypeHeader.isBlank()) {
            type = errorTypeHeader;
        }
        return new AwsJsonError(httpStatus, type == null ? "HTTP " + httpStatus : normalize(type));
    }

    boolean retriable() {
        return httpStatus >= 500 || httpStatus == 429 || TRANSIENT_TYPES.contains(type);
    }

    private static String typeFromBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.read(body);
            JsonNode type = node == null ? null : node.get("__type");
            return type != null && type.isTextual() && !type.asText().isBlank() ? type.asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    // Types arrive as "ResourceNotFoundException", "com.amazonaws.secretsmanager#ResourceNotFoundException"
    // or "UnrecognizedClientException:http://internal.amazon.com/coral/...".
    private static String normalize(String type) {
        String name = type.substring(type.lastIndexOf('#') + 1);
        int colon = name.indexOf(':');
        return (colon >= 0 ? name.substring(0, colon) : name).trim();
    }
}
