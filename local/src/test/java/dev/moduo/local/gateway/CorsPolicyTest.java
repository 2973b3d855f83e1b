package dev.moduo.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.local.template.CorsSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private static final CorsPolicy POLICY = CorsPolicy.of(Optional.of(new CorsSpec(
            List.of("http://localhost:5173", "https://*.moduo.dev"), true, List.of("authorization"),
            List.of("GET", "POST"), List.of(), 600)));

    private static GatewayRequest from(String origin) {
        return new GatewayRequest("OPTIONS", "/api/sessions", "", Map.of("origin", List.of(origin)), new byte[0],
                "127.0.0.1", "HTTP/1.1");
    }

    @Test
    void preflightFromAnAllowedOriginGetsTheConfiguration() {
        GatewayResponse response = POLICY.preflight(from("http://localhost:5173"));

        assertEquals(204, response.status());
        assertEquals(List.of("http://localhost:5173"), response.header("access-control-allow-origin"));
        assertEquals(List.of("GET,POST"), response.header("access-control-allow-methods"));
        assertEquals(List.of("authorization"), response.header("access-control-allow-headers"));
        assertEquals(List.of("600"), response.header("access-control-max-age"));
    }

    @Test
    void preflightFromAnotherOriginGetsNoCorsHeaders() {
        GatewayResponse response = POLICY.preflight(from("http://localhost:9999"));

        assertEquals(204, response.status());
        assertTrue(response.headers().isEmpty());
    }

    @Test
    void wildcardSubdomainMatchesOnlySubdomains() {
        assertEquals(List.of("https://app.moduo.dev"),
                POLICY.preflight(from("https://app.moduo.dev")).header("access-control-allow-origin"));
        assertTrue(POLICY.preflight(from("https://moduo.dev")).headers().isEmpty());
        assertTrue(POLICY.preflight(from("http://app.moduo.dev")).headers().isEmpty());
    }

    @Test
    void functionsOwnCorsHeadersAreReplaced() {
        GatewayResponse fromFunction = new GatewayResponse(200, List.of(Map.entry("Access-Control-Allow-Origin", "*"),
                Map.entry("content-type", "application/json")), new byte[0]);

        GatewayResponse sent = POLICY.apply(from("http://localhost:5173"), fromFunction);

        assertEquals(List.of("http://localhost:5173"), sent.header("access-control-allow-origin"));
        assertEquals(List.of("true"), sent.header("access-control-allow-credentials"));
        assertTrue(POLICY.apply(from("https://evil.example"), fromFunction).header("access-control-allow-origin").isEmpty());
    }
}
