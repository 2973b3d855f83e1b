package dev.moduo.local.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.template.HttpRoute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class HttpApiEventsTest {

    private static final RouteTable.Match MATCH = new RouteTable.Match(new HttpRoute("POST", "/x/{id}"), "Fn", Map.of("id", "1"));

    private static ObjectNode event(Map<String, List<String>> headers, byte[] body) {
        GatewayRequest request = new GatewayRequest("POST", "/x/1", "", headers, body, "127.0.0.1", "HTTP/1.1");
        return HttpApiEvents.event(request, MATCH, "req", Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void repeatedHeadersAreJoinedWithCommas() {
        ObjectNode event = event(Map.of("accept", List.of("a", "b")), new byte[0]);

        assertEquals("a,b", event.get("headers").get("accept").asText());
    }

    @Test
    void everyCookieHeaderEndsUpInCookies() {
        ObjectNode event = event(Map.of("cookie", List.of("a=1; b=2", "c=3")), new byte[0]);

        assertEquals("[\"a=1\",\"b=2\",\"c=3\"]", event.get("cookies").toString());
        assertFalse(event.get("headers").has("cookie"));
    }

    @Test
    void gatewayAddsForwardingHeaders() {
        ObjectNode event = event(Map.of("host", List.of("localhost:3000"), "x-forwarded-for", List.of("10.0.0.1")), new byte[0]);

        assertEquals("10.0.0.1, 127.0.0.1", event.get("headers").get("x-forwarded-for").asText());
        assertEquals("3000", event.get("headers").get("x-forwarded-port").asText());
        assertEquals("http", event.get("headers").get("x-forwarded-proto").asText());
        assertTrue(event.get("headers").get("x-amzn-trace-id").asText().startsWith("Root=1-"));
    }

    @Test
    void requestTimeIsInApiGatewaysFormat() {
        ObjectNode event = event(Map.of(), new byte[0]);

        assertEquals("26/Nov/2026:10:00:00 +0000", event.get("requestContext").get("time").asText());
        assertEquals(Instant.parse("2026-11-26T10:00:00Z").toEpochMilli(), event.get("requestContext").get("timeEpoch").asLong());
    }

    @Test
    void textBodiesArePassedAsTheyAre() {
        for (String type : List.of("application/json; charset=utf-8", "text/plain", "application/problem+json", "application/xml")) {
            ObjectNode event = event(Map.of("content-type", List.of(type)), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            assertFalse(event.get("isBase64Encoded").asBoolean(), type);
            assertEquals("{\"a\":1}", event.get("body").asText(), type);
        }
    }

    @Test
    void otherBodiesAreBase64Encoded() {
        byte[] body = "a=1&b=2".getBytes(StandardCharsets.UTF_8);
        for (Map<String, List<String>> headers : List.of(
                Map.of("content-type", List.of("application/x-www-form-urlencoded")), Map.<String, List<String>>of())) {
            ObjectNode event = event(headers, body);
            assertTrue(event.get("isBase64Encoded").asBoolean(), headers.toString());
            assertEquals(Base64.getEncoder().encodeToString(body), event.get("body").asText());
        }
    }

    @Test
    void aGzipBodyIsBase64EncodedWhateverItsContentType() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("{\"type\":\"call.ended\"}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = compressed.toByteArray();

        ObjectNode event = event(Map.of("content-type", List.of("application/json"), "content-encoding", List.of("gzip")), body);

        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertArrayEquals(body, Base64.getDecoder().decode(event.get("body").asText()));
    }

    @Test
    void anIdentityContentEncodingLeavesATextBodyAsItIs() {
        ObjectNode event = event(Map.of("content-type", List.of("application/json"), "content-encoding", List.of("identity")),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertFalse(event.get("isBase64Encoded").asBoolean());
        assertEquals("{\"a\":1}", event.get("body").asText());
    }

    @Test
    void queryParametersAreDecodedAndRepeatsJoined() {
        assertEquals(Map.of("a", "1,2", "b", "x y", "c", ""), HttpApiEvents.queryParameters("a=1&a=2&b=x+y&c"));
    }
}
