package dev.moduo.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The root events/ fixtures by the route they are a request to ("POST /api/sessions" → create-session.json). */
final class SampleEvents {

    private SampleEvents() {
    }

    static Map<String, String> byRoute() {
        Map<String, String> fixtures = new TreeMap<>();
        Path dir = RepositoryRoot.resolve("events");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = Json.read(Files.readString(file));
                String route = event.path("routeKey").asText(null);
                if (route != null && fixtures.putIfAbsent(route, file.getFileName().toString()) != null) {
                    throw new IllegalStateException("Two sample events for " + route + " in " + dir);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + dir, e);
        }
        return fixtures;
    }
}
