package dev.moduo.local.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MongoDB for a machine without one: mongo-java-server in this process, spoken to over the wire protocol
 * by the functions' own driver. In memory, or in an H2 file under {@code --data DIR} that survives restarts.
 */
public final class EmbeddedMongo implements AutoCloseable {

    static final String DATA_FILE = "moduo-mongo.mv.db";

    private final MongoServer server;
    private final MongoBackend backend;
    private final Path dataFile;
    private final String uri;

    private final long startMillis;

    private EmbeddedMongo(MongoBackend backend, Path dataFile, long startedNanos) {
        this.backend = backend;
        this.dataFile = dataFile;
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        this.uri = "mongodb://127.0.0.1:" + address.getPort();
        this.startMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public static EmbeddedMongo inMemory() {
        long started = System.nanoTime();
        return new EmbeddedMongo(new MemoryBackend(), null, started);
    }

    public static EmbeddedMongo inDirectory(Path directory) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + directory, e);
        }
        Path file = directory.resolve(DATA_FILE).toAbsolutePath();
        return new EmbeddedMongo(new H2Backend(file.toString()), file, started);
    }

    public String uri() {
        return uri;
    }

    /** How long it took to start (an H2 file is opened and read). */
    public long startMillis() {
        return startMillis;
    }

    public String describe() {
        return dataFile == null
                ? "embedded mongo-java-server at " + uri + ", in memory (lost on exit; --data DIR keeps it; started in "
                        + startMillis + " ms)"
                : "embedded mongo-java-server at " + uri + ", data kept in " + dataFile + " (started in " + startMillis + " ms)";
    }

    @Override
    public void close() {
        // shutdownNow closes the backend too, which for H2 writes the last changes to the file.
        server.shutdownNow();
        if (backend instanceof H2Backend h2 && !h2.getMvStore().isClosed()) {
            h2.close();
        }
    }
}
