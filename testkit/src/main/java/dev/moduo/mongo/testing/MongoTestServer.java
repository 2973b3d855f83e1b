package dev.moduo.mongo.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * A MongoDB for tests, spoken to over the real wire protocol by the real driver: an in-process
 * mongo-java-server, or the server at {@code MONGODB_URI} when that is set (each instance then uses
 * its own database, dropped on close). {@link #stop()} kills the in-process server mid-test to
 * simulate MongoDB going away.
 */
public final class MongoTestServer implements AutoCloseable {

    private final MongoServer server;
    private final String uri;
    private final String database;
    private final MongoClient client;

    public MongoTestServer() {
        String external = System.getenv("MONGODB_URI");
        this.database = "moduo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (external != null && !external.isBlank()) {
            this.server = null;
            this.uri = external;
        } else {
            this.server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            this.uri = "mongodb://127.0.0.1:" + address.getPort();
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
        return server != null;
    }

    /** Stops the in-process server: the functions' next MongoDB call finds nobody listening. */
    public void stop() {
        if (server == null) {
            throw new IllegalStateException("Cannot stop an external MongoDB");
        }
        server.shutdownNow();
    }

    @Override
    public void close() {
        try {
            if (server == null) {
                client.getDatabase(database).drop();
            }
        } finally {
            client.close();
            if (server != null) {
                server.shutdownNow();
            }
        }
    }
}
