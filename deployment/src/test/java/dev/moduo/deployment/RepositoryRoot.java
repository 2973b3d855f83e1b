package dev.moduo.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root: template.yaml, openapi.yaml and every CodeUri are relative to it. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path path() {
        String configured = System.getProperty("moduo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No template.yaml in " + start + " or above it");
    }

    static Path resolve(String relative) {
        return path().resolve(relative).normalize();
    }
}
