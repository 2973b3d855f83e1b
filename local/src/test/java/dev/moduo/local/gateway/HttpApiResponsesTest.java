package dev.moduo.local.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpApiResponsesTest {

    private static GatewayResponse read(String json) {
        return HttpApiResponses.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void fullResponseGivesStatusHeadersCookiesAndBody() {
        GatewayResponse response = read("""
                {"statusCode":201,"headers":{"content-type":"application/json","x-n":5},
                 "cookies":["a=1","b=2; Path=/"],"body":"{\\"ok\\":true}","isBase64Encoded":false}""");

        assertEquals(201, response.status());
        assertEquals(List.of("application/json"), response.header("content-type"));
        assertEquals(List.of("5"), response.header("x-n"));
        assertEquals(List.of("a=1", "b=2; Path=/"), response.header("set-cookie"));
        assertEquals("{\"ok\":true}", body(response));
    }

    @Test
    void base64BodyIsDecoded() {
        GatewayResponse response = read("{\"statusCode\":200,\"body\":\"AAH/\",\"isBase64Encoded\":true}");

        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, response.body());
    }

    @Test
    void jsonWithoutStatusCodeIsA200JsonBody() {
        GatewayResponse response = read("{\"sessions\":[]}");

        assertEquals(200, response.status());
        assertEquals(List.of("application/json"), response.header("content-type"));
        assertEquals("{\"sessions\":[]}", body(response));
    }

    @Test
    void malformedResultsAreInternalServerErrors() {
        for (String result : List.of("not json", "{\"statusCode\":\"200\"}", "{\"statusCode\":99}",
                "{\"statusCode\":200,\"headers\":[]}", "{\"statusCode\":200,\"body\":{}}",
                "{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}")) {
            GatewayResponse response = read(result);
            assertEquals(500, response.status(), result);
            assertEquals("{\"message\":\"Internal Server Error\"}", body(response), result);
        }
    }

    @Test
    void responseWithoutBodyIsEmpty() {
        GatewayResponse response = read("{\"statusCode\":204}");

        assertEquals(204, response.status());
        assertEquals(0, response.body().length);
    }
}
