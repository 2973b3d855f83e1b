package dev.moduo.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the business code sees it, free of Lambda types.
 * Header names are lower-case (API Gateway payload 2.0 delivers them so).
 */
public record ApiRequest(
        String method,
        String path,
        String routeKey,
        Map<String, String> headers,
        List<String> cookies,
        Map<String, String> queryParameters,
        Map<String, String> pathParameters,
        byte[] body,
        String requestId,
        String sourceIp) {

    public ApiRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name));
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** The value of a cookie, from the {@code cookies} list of payload 2.0 or a {@code cookie} header. */
    public Optional<String> cookie(String name) {
        String prefix = name + "=";
        for (String cookie : cookies) {
            for (String part : cookie.split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(prefix)) {
                    return Optional.of(trimmed.substring(prefix.length()));
                }
            }
        }
        return header("cookie").flatMap(raw -> {
            for (String part : raw.split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(prefix)) {
                    return Optional.of(trimmed.substring(prefix.length()));
                }
            }
            return Optional.empty();
        });
    }

    public boolean hasBody() {
        return body.length > 0;
    }
}
