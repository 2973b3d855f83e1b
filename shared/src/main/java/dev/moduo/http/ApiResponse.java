package dev.moduo.http;

import java.util.HashMap;
import java.util.Map;

/** A JSON response: status, body and any extra headers. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public ApiResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The same response with one more header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, body, more);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, Map.of());
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    public static ApiResponse message(int status, String message) {
        return new ApiResponse(status, Map.of("message", message), Map.of());
    }
}
