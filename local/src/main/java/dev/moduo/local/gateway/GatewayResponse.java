package dev.moduo.local.gateway;

import dev.moduo.local.LocalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the gateway sends back: a status, headers in order (a name may repeat, as Set-Cookie does), a body. */
public record GatewayResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public GatewayResponse {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** An answer of the gateway itself, as API Gateway words them: {@code {"message": "Not Found"}}. */
    public static GatewayResponse message(int status, String message) {
        return json(status, LocalJson.message(message));
    }

    public static GatewayResponse json(int status, byte[] body) {
        return new GatewayResponse(status, List.of(Map.entry("content-type", "application/json")), body);
    }

    public static GatewayResponse text(int status, String body) {
        return new GatewayResponse(status, List.of(Map.entry("content-type", "text/plain; charset=utf-8")),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public GatewayResponse withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        extra.forEach((name, value) -> all.add(Map.entry(name, value)));
        return new GatewayResponse(status, all, body);
    }

    /** Without the headers whose lower-case name starts with {@code prefix}. */
    public GatewayResponse withoutHeadersStartingWith(String prefix) {
        List<Map.Entry<String, String>> kept = headers.stream()
                .filter(header -> !header.getKey().toLowerCase(Locale.ROOT).startsWith(prefix))
                .toList();
        return new GatewayResponse(status, kept, body);
    }

    public List<String> header(String name) {
        return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }
}
