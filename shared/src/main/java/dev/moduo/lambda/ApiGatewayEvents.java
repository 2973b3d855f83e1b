package dev.moduo.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.core.Json;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Converts API Gateway HTTP API (payload 2.0) events to {@link ApiRequest} and responses back. */
public final class ApiGatewayEvents {

    private ApiGatewayEvents() {
    }

    public static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            // API Gateway already lower-cases names; a hand-made event may not have.
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        String method = null;
        String path = event.getRawPath();
        String requestId = null;
        String sourceIp = null;
        var context = event.getRequestContext();
        if (context != null) {
            requestId = context.getRequestId();
            if (context.getHttp() != null) {
                method = context.getHttp().getMethod();
                sourceIp = context.getHttp().getSourceIp();
                if (path == null) {
                    path = context.getHttp().getPath();
                }
            }
        }
        String routeKey = event.getRouteKey();
        if (method == null && routeKey != null && routeKey.contains(" ")) {
            method = routeKey.substring(0, routeKey.indexOf(' '));
        }
        return new ApiRequest(
                method == null ? "" : method.toUpperCase(Locale.ROOT),
                path == null ? "" : path,
                routeKey,
                headers,
                event.getCookies(),
                event.getQueryStringParameters(),
                event.getPathParameters(),
                body(event),
                requestId,
                sourceIp);
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return body.getBytes(StandardCharsets.UTF_8);
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public static APIGatewayV2HTTPResponse toEvent(ApiResponse response) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        headers.putAll(response.headers());
        APIGatewayV2HTTPResponse result = new APIGatewayV2HTTPResponse();
        result.setStatusCode(response.status());
        result.setHeaders(headers);
        result.setBody(response.body() == null ? "" : Json.write(response.body()));
        result.setIsBase64Encoded(false);
        return result;
    }
}
