package dev.moduo.local;

import dev.moduo.local.template.SamTemplate;
import dev.moduo.local.template.TemplateException;
import dev.moduo.local.template.TemplateReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the template to serve: the one named with {@code --template}, else ./template.yaml (the repository
 * root's, when started from there), else the copy built into the jar, which matches the handler classes
 * the jar carries.
 */
public final class TemplateSource {

    static final String BUILT_IN = "/moduo-local/template.yaml";

    private TemplateSource() {
    }

    public static SamTemplate load(Path given) {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new TemplateException("No template at " + given);
            }
            return TemplateReader.read(given);
        }
        Path local = Path.of("template.yaml");
        if (Files.isRegularFile(local)) {
            return TemplateReader.read(local);
        }
        try (InputStream in = TemplateSource.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new TemplateException("No template.yaml in the working directory and none built into the runner;"
                        + " start it from the repository root or pass --template FILE");
            }
            return TemplateReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "the template built into the runner");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
