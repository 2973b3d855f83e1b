package dev.moduo.local.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moduo.local.gateway.GatewayRequest;
import dev.moduo.local.gateway.GatewayResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's {@code --web} rule against the same route table that template.yaml's CloudFront Function is
 * held to (deployment/src/test/resources/spa-routes.json): locally the web client is served as in AWS.
 */
class SpaRoutesTableTest {

    private static final Path TABLE = Path.of("..", "deployment", "src", "test", "resources", "spa-routes.json");

    @TempDir
    Path build;

    @Test
    void everyRouteOfTheTableIsAnsweredAsCloudFrontAnswersIt() throws IOException {
        JsonNode routes = new ObjectMapper().readTree(TABLE.toFile()).path("routes");
        for (JsonNode route : routes) {
            if ("app".equals(route.path("servedBy").asText()) && route.has("file")) {
                write(route.path("file").asText());
            }
        }
        WebRoot root = WebRoot.of(build);

        for (JsonNode route : routes) {
            String method = route.path("method").asText();
            String path = route.path("path").asText();
            boolean app = "app".equals(route.path("servedBy").asText());
            assertEquals(app, WebRoot.owns(path), method + " " + path + " served by the wrong side");
            if (app && route.has("file")) {
                GatewayResponse response = root.serve(new GatewayRequest(method, path, "", Map.of(), new byte[0],
                        "127.0.0.1", "HTTP/1.1"));
                assertEquals(200, response.status(), method + " " + path);
                assertArrayEquals(content(route.path("file").asText()), response.body(), method + " " + path);
            }
        }
    }

    private void write(String file) throws IOException {
        Path target = build.resolve(file.substring(1));
        Files.createDirectories(target.getParent());
        Files.write(target, content(file));
    }

    /** Each file holds its own name, so the answer shows which file was served. */
    private static byte[] content(String file) {
        return ("file " + file).getBytes(StandardCharsets.UTF_8);
    }
}
