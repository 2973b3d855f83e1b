package dev.moduo.mongo.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * A MongoDB for tests, spoken to over the real wire protocol by the real driver: an in-process
 * mongo-java-server, or the server at {@code MONGODB_URI} when that is set (each instance then uses
 * its own database, dropped on close). {@link #stop()} kills the in-process server mid-test to
 * simulate MongoDB going away, and {@link #restart()} brings it back on the same port with the same
 * data, as a MongoDB that was briefly unreachable. Like a real server, it refuses an index on keys
 * another index already covers under another name (code 85).
 */
public final class MongoTestServer implements AutoCloseable {

    private final SurvivingBackend backend;
    private volatile MongoServer server;
    private final int port;
    private final String uri;
    private final String database;
    private final MongoClient client;

    public MongoTestServer() {
        String external = System.getenv("MONGODB_URI");
        this.database = "moduo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (external != null && !external.isBlank()) {
            this.backend = null;
            this.server = null;
            this.port = -1;
            this.uri = external;
        } else {
            this.backend = new SurvivingBackend();
            this.server = new MongoServer(backend);
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            this.port = address.getPort();
            this.uri = "mongodb://127.0.0.1:" + port;
        }
        this.client = MongoClients.create(uri);
    }

    public String uri() {
        return uri;
    }

    public String databaseName() {
        return database;
    }

    /** A client of the test's own, for arranging and asserting data behind the functions' backs. */
    public MongoDatabase database() {
        return client.getDatabase(database);
    }

    public boolean isInProcess() {
        return backend != null;
    }

    /**
     * Stops the in-process server: open connections are closed and the functions' next MongoDB call
     * finds nobody listening. The data is kept for {@link #restart()}.
     */
    public void stop() {
        if (backend == null) {
            throw new IllegalStateException("Cannot stop an external MongoDB");
        }
        server.shutdownNow();
    }

    /** Listens again on the same port, with the data it had when stopped; clients reconnect by themselves. */
    public synchronized void restart() {
        if (backend == null) {
            throw new IllegalStateException("Cannot restart an external MongoDB");
        }
        MongoServer fresh = new MongoServer(backend);
        fresh.bind("127.0.0.1", port);
        server = fresh;
    }

    @Override
    public void close() {
        try {
            if (backend == null) {
                client.getDatabase(database).drop();
            }
        } finally {
            client.close();
            if (backend != null) {
                server.shutdownNow();
                backend.discard();
            }
        }
    }

    /**
     * A memory backend whose data outlives its server, so that a stopped server can come back with it,
     * and whose databases refuse a second index on the same keys as MongoDB does ({@link IndexCheckingDatabase}).
     */
    private static final class SurvivingBackend extends MemoryBackend {

        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new IndexCheckingDatabase(databaseName, getCursorRegistry());
        }

        @Override
        public void close() {
            // A server shutting down closes its backend; the data stays until discard().
        }

        void discard() {
            super.close();
        }
    }
}
