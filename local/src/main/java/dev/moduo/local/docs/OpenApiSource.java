package dev.moduo.local.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the OpenAPI document the docs page shows, the way the runner finds its template: the file named
 * with {@code --openapi}, else ./openapi.yaml (the repository root's, when started from there, so the page
 * describes the routes the working directory's template.yaml serves), else the copy built into the jar.
 * Read on each request: an edit shows on reload, and nothing is read while the runner starts.
 */
public final class OpenApiSource {

    static final String BUILT_IN = "/moduo-local/openapi.yaml";
    static final String FILE_NAME = "openapi.yaml";

    private final Path given;

    private OpenApiSource(Path given) {
        this.given = given;
    }

    /**
     * @param given the {@code --openapi} file, or null
     * @throws IllegalArgumentException when a given file does not exist (the user's to fix, said at once)
     */
    public static OpenApiSource of(Path given) {
        if (given != null && !Files.isRegularFile(given)) {
            throw new IllegalArgumentException("--openapi " + given + ": no such file");
        }
        return new OpenApiSource(given);
    }

    /** The document's text and where it came from, as of now. */
    public Document read() {
        try {
            if (given != null) {
                return new Document(Files.readString(given), given.toString());
            }
            Path local = Path.of(FILE_NAME);
            if (Files.isRegularFile(local)) {
                return new Document(Files.readString(local), FILE_NAME);
            }
            try (InputStream in = OpenApiSource.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("No openapi.yaml in the working directory and none built into the"
                            + " runner; start it from the repository root or pass --openapi FILE");
                }
                return new Document(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the openapi.yaml built into the runner");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document", e);
        }
    }

    /** @param source what the page names: a path, or the built-in copy */
    public record Document(String text, String source) {
    }
}
