package dev.moduo.local.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as it reached the gateway: {@code rawPath} and {@code rawQuery} still percent-encoded,
 * headers keyed by lower-case name with every value received.
 */
public record GatewayRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                             byte[] body, String sourceIp, String protocol) {

    public GatewayRequest {
        headers = Map.copyOf(headers);
        rawQuery = rawQuery == null ? "" : rawQuery;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }
}
