package dev.moduo.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.testkit.TestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the unchanged web client's Stream SDKs send with a user token, over real HTTP: the video SDK's
 * {@code client.call("default", id).join({create: true})} (a POST to {@code …/join}, VJS {@code Call.ts
 * doJoinRequest}) and the chat SDK's {@code channel("messaging", id).watch()} (a POST to {@code …/query}).
 * For tests that check what Stream lets a browser do.
 */
public final class StreamBrowserClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String apiKey;
    private final String userToken;

    public StreamBrowserClient(String baseUrl, String apiKey, String userToken) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.userToken = userToken;
    }

    /** Stream's answer: the status and the JSON body (an APIError with {@code code} when refused). */
    public record Answer(int status, JsonNode body) {

        public int code() {
            return body.path("code").asInt(-1);
        }

        public String message() {
            return body.path("message").asText("");
        }
    }

    public Answer joinCall(String callId, boolean create) {
        ObjectNode body = TestJson.object().put("create", create).put("location", "FRA");
        return post("/api/v2/video/call/default/" + callId + "/join", body);
    }

    public Answer watchChannel(String channelId) {
        ObjectNode body = TestJson.object().put("state", true).put("watch", true).put("presence", false);
        return post("/api/v2/chat/channels/messaging/" + channelId + "/query", body);
    }

    private Answer post(String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path + "?api_key="
                        + URLEncoder.encode(apiKey, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", userToken)
                .header("stream-auth-type", "jwt")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestJson.write(body)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), TestJson.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
