package dev.moduo.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.moduo.deployment.SamTemplate.SamFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * Library logs reach CloudWatch only if SLF4J binds Moduo's JSON-lines provider in the deployed jar: SLF4J 2 finds
 * providers through {@code META-INF/services} alone (the shade plugin's service transformer merges those files, so a
 * second provider would appear there), and warns about an SLF4J 1.x binding it would ignore.
 */
class Slf4jProviderTest {

    private static final String PROVIDER_SERVICE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    private static final String MODUO_PROVIDER = "dev.moduo.logging.JsonLinesProvider";
    private static final String SLF4J_1_BINDING = "org/slf4j/impl/StaticLoggerBinder.class";

    @Test
    void everyFunctionJarNamesModuosProviderAndNoOther() {
        for (Path jar : functionJars()) {
            try (JarFile zip = new JarFile(jar.toFile())) {
                ZipEntry services = zip.getEntry(PROVIDER_SERVICE);
                assertNotNull(services, jar + " has no " + PROVIDER_SERVICE + ": SLF4J would fall back to NOP");
                assertEquals(List.of(MODUO_PROVIDER), providers(zip, services), jar + ": " + PROVIDER_SERVICE);
                assertNotNull(zip.getEntry(MODUO_PROVIDER.replace('.', '/') + ".class"), jar + " lacks the provider class");
                assertNull(zip.getEntry(SLF4J_1_BINDING), jar + " carries an SLF4J 1.x binding");
            } catch (IOException e) {
                throw new UncheckedIOException(jar.toString(), e);
            }
        }
    }

    /** The jars the template deploys, each once (functions may share one). */
    private static TreeSet<Path> functionJars() {
        TreeSet<Path> jars = new TreeSet<>();
        for (SamFunction function : SamTemplate.load().functions()) {
            Path jar = RepositoryRoot.resolve(function.codeUri());
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError(function.logicalId() + "'s CodeUri " + function.codeUri() + " does not exist."
                        + " The shaded jars are made in the package phase: run `mvn verify`, not `mvn test`.");
            }
            jars.add(jar);
        }
        return jars;
    }

    /** The provider class names a service file lists (comments and blank lines aside, as ServiceLoader reads it). */
    private static List<String> providers(JarFile zip, ZipEntry services) throws IOException {
        try (InputStream in = zip.getInputStream(services)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }
}
