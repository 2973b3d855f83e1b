package dev.moduo.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A real HTTP client for the runner under test. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // Generous: the first request of a function builds it, on a machine that may be busy.
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    }

    Reply get(String path, String token) {
        HttpRequest.Builder builder = request(path).GET();
        if (token != null) {
            builder.header("authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    Reply post(String path, String token, String json) {
        HttpRequest.Builder builder = request(path)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("content-type", "application/json");
        }
        if (token != null) {
            builder.header("authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, HttpResponse<byte[]> response, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return LocalJson.MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + text(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        List<String> headers(String name) {
            return response.headers().allValues(name);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
