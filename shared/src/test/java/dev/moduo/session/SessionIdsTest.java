package dev.moduo.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * A SnapStart snapshot is a copy of the JVM's memory restored into many environments; here a copy is made
 * the same way Java copies an object graph, by serializing it once and reading it back twice.
 */
class SessionIdsTest {

    private static final Instant SAME_SECOND = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void idsOfOneEnvironmentSortInTheOrderTheyWereMade() {
        SessionIds ids = new SessionIds();
        List<ObjectId> made = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            made.add(ids.next(SAME_SECOND));
        }

        List<ObjectId> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(made, sorted);
    }

    @Test
    void anIdCarriesItsCreationSecond() {
        assertEquals(SAME_SECOND, new SessionIds().next(SAME_SECOND).getDate().toInstant());
    }

    @Test
    void environmentsRestoredFromOneSnapshotNeverShareAnId() {
        SessionIds beforeSnapshot = new SessionIds();
        beforeSnapshot.next(SAME_SECOND);
        beforeSnapshot.beforeSnapshot();
        byte[] snapshot = copyOf(beforeSnapshot);

        Set<ObjectId> first = idsOf(restore(snapshot), 1000);
        Set<ObjectId> second = idsOf(restore(snapshot), 1000);

        assertEquals(1000, first.size());
        first.retainAll(second);
        assertEquals(Set.of(), first);
    }

    /** What bson's own ObjectId does: state drawn once and copied into every restored environment. */
    @Test
    void stateKeptThroughASnapshotWouldRepeatInEveryRestoredEnvironment() {
        SessionIds beforeSnapshot = new SessionIds();
        beforeSnapshot.next(SAME_SECOND);
        byte[] snapshot = copyOf(beforeSnapshot);

        assertEquals(restore(snapshot).next(SAME_SECOND), restore(snapshot).next(SAME_SECOND));
    }

    @Test
    void noMainCodeMakesAnObjectIdFromBsonsSnapshottedState() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path sources : List.of(Path.of("src/main/java"), Path.of("../functions"))) {
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java") && file.toString().contains("src" + java.io.File.separator + "main"))
                        .forEach(file -> {
                            String code = read(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                            if (code.contains("new ObjectId()") || code.contains("ObjectId.get()")
                                    || code.contains("new ObjectId(java.util.Date") || code.contains("new ObjectId(Date")) {
                                offenders.add(file.toString());
                            }
                        });
            }
        }
        assertTrue(Files.isDirectory(Path.of("src/main/java")), "run from the shared module's directory");
        assertEquals(List.of(), offenders, "use SessionIds for new ids");
    }

    private static Set<ObjectId> idsOf(SessionIds ids, int count) {
        Set<ObjectId> made = new HashSet<>();
        for (int i = 0; i < count; i++) {
            made.add(ids.next(SAME_SECOND));
        }
        return made;
    }

    private static byte[] copyOf(SessionIds ids) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ids);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SessionIds restore(byte[] snapshot) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
            return (SessionIds) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
