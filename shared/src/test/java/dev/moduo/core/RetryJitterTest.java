package dev.moduo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetryJitterTest {

    @Test
    void aWaitStaysWithinItsBoundAndCoversIt() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long wait = RetryJitter.upTo(10);
            assertTrue(wait >= 0 && wait <= 10, Long.toString(wait));
            seen.add(wait);
        }
        assertEquals(11, seen.size(), "every value from 0 to 10 comes up");
    }

    @Test
    void exponentialWaitsGrowWithTheAttemptUpToTheCap() {
        for (int i = 0; i < 500; i++) {
            assertTrue(RetryJitter.exponential(1, Duration.ofMillis(25), Duration.ofMillis(200)).toMillis() <= 25);
            assertTrue(RetryJitter.exponential(3, Duration.ofMillis(25), Duration.ofMillis(200)).toMillis() <= 100);
            assertTrue(RetryJitter.exponential(30, Duration.ofMillis(25), Duration.ofMillis(200)).toMillis() <= 200);
        }
    }

    /** A SnapStart snapshot copies memory; copies of the source made the way Java copies an object still diverge. */
    @Test
    void copiesOfTheSourceRestoredFromOneSnapshotDrawDifferentWaits() throws Exception {
        RetryJitter.upTo(100);
        byte[] snapshot = serialize(RetryJitter.ENTROPY);

        SecureRandom first = deserialize(snapshot);
        SecureRandom second = deserialize(snapshot);

        assertNotEquals(draws(first), draws(second));
    }

    /** What ThreadLocalRandom or a seeded generator would do: the copies repeat each other. */
    @Test
    void aSeededGeneratorCopiedThroughASnapshotRepeatsItself() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(42);
        seeded.nextLong();
        byte[] snapshot = serialize(seeded);

        assertEquals(draws(deserialize(snapshot)), draws(deserialize(snapshot)));
    }

    @Test
    void noMainCodeDrawsRandomnessThatASnapshotWouldFreeze() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                    if (code.contains("ThreadLocalRandom") || code.contains("new Random(") || code.contains("Math.random(")) {
                        offenders.add(file.toString());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertEquals(List.of(), offenders, "draw waits from RetryJitter");
    }

    private static List<Long> draws(SecureRandom random) {
        List<Long> draws = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            draws.add(random.nextLong());
        }
        return draws;
    }

    private static byte[] serialize(SecureRandom random) throws IOException {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
            out.flush();
            return bytes.toByteArray();
        }
    }

    private static SecureRandom deserialize(byte[] snapshot) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
            return (SecureRandom) in.readObject();
        }
    }
}
