package dev.moduo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The sample events of the repository's {@code events/} folder (the ones {@code sam local invoke -e} takes),
 * edited as JSON text: the child JVM parses them with the Lambda runtime's serializer, as Lambda would.
 */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    Events(Path root) {
        this.folder = root.resolve("events");
    }

    ObjectNode load(String fixture) {
        try {
            return (ObjectNode) JSON.readTree(folder.resolve(fixture).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read events/" + fixture, e);
        }
    }

    static ObjectNode withToken(ObjectNode event, String token) {
        ((ObjectNode) event.with("headers")).put("authorization", "Bearer " + token);
        return event;
    }

    /** Fills the {sessionId} of the route into the path parameters and both paths, as API Gateway would. */
    static ObjectNode withSessionId(ObjectNode event, String sessionId) {
        event.putObject("pathParameters").put("sessionId", sessionId);
        String routeKey = event.get("routeKey").asText();
        String path = routeKey.substring(routeKey.indexOf(' ') + 1).replace("{sessionId}", sessionId);
        event.put("rawPath", path);
        ((ObjectNode) event.with("requestContext").with("http")).put("path", path);
        return event;
    }

    static String text(ObjectNode event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base64(ObjectNode event) {
        return Base64.getEncoder().encodeToString(text(event).getBytes(StandardCharsets.UTF_8));
    }

    static Path write(ObjectNode event, Path file) {
        try {
            Files.writeString(file, text(event));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
