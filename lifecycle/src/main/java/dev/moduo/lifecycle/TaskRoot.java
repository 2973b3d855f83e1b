package dev.moduo.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code /var/task}: Lambda unzips the deployment package there and the runtime loads the handler from it
 * (the directory itself, then {@code lib/*.jar}). A fresh one per execution environment.
 */
final class TaskRoot {

    private TaskRoot() {
    }

    /** A new directory under {@code parent} holding {@code code}: a jar unzipped, or a directory copied. */
    static Path create(Path code, Path parent) {
        try {
            Files.createDirectories(parent);
            Path root = Files.createTempDirectory(parent, "task");
            if (Files.isDirectory(code)) {
                copyTree(code, root);
            } else if (Files.isRegularFile(code)) {
                unzip(code, root);
            } else {
                throw new IllegalArgumentException(code + " does not exist: build the function first");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lay out a task root for " + code, e);
        }
    }

    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Only a temporary directory is left behind.
        }
    }

    private static void unzip(Path jar, Path root) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(jar + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }

    private static void copyTree(Path source, Path root) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(root.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, root.resolve(source.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
