package dev.moduo.deployment.lifecycle;

import dev.moduo.deployment.lifecycle.probes.WellBehaved;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The probes' code laid out as a Lambda task root: their compiled classes at the top and the org.crac jar in
 * {@code lib/}, as a deployment package would carry them. aws-lambda-java-core is left out on purpose: the
 * runtime's copy on the system class path serves it, as on Lambda.
 */
final class Probes {

    private Probes() {
    }

    static Path taskRoot(Path directory) {
        try {
            Path classes = codeSource(WellBehaved.class);
            String packagePath = WellBehaved.class.getPackageName().replace('.', '/');
            Path source = classes.resolve(packagePath);
            Path target = directory.resolve(packagePath);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    Files.copy(file, target.resolve(file.getFileName().toString()));
                }
            }
            Path lib = Files.createDirectories(directory.resolve("lib"));
            Path crac = codeSource(org.crac.Core.class);
            Files.copy(crac, lib.resolve(crac.getFileName().toString()));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lay out the probes' task root", e);
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
