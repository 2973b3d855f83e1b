package dev.moduo.local.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Swagger UI's files from the {@code org.webjars:swagger-ui} jar on the class path (the runner's jar carries
 * them), so the page loads nothing from outside the runner. Only the files the page uses are served, by name.
 */
final class SwaggerUiAssets {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** The page's file name, and its Content-Type. */
    static final Map<String, String> SERVED = Map.of(
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui.css", "text/css; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private static volatile String version;

    private SwaggerUiAssets() {
    }

    /** The file's bytes, or empty when it is not one the page uses. */
    static Optional<byte[]> read(String name) {
        if (!SERVED.containsKey(name)) {
            return Optional.empty();
        }
        String path = "/META-INF/resources/webjars/swagger-ui/" + version() + "/" + name;
        try (InputStream in = SwaggerUiAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI's " + name + " is missing from the runner's class path");
            }
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webjar's version, which names its directory; read once, on the page's first load. */
    static String version() {
        String known = version;
        if (known != null) {
            return known;
        }
        try (InputStream in = SwaggerUiAssets.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI (org.webjars:swagger-ui) is not on the runner's class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            known = properties.getProperty("version");
            version = known;
            return known;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
