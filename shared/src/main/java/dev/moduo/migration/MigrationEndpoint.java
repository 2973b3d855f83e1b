package dev.moduo.migration;

import com.mongodb.ConnectionString;
import dev.moduo.logging.UriCredentials;
import java.util.List;
import java.util.Locale;

/**
 * One side of a migration: a MongoDB connection string that names its database. {@link #toString()} is hosts
 * and database only: a connection string may carry a password, and it is never printed.
 */
public final class MigrationEndpoint {

    private final ConnectionString uri;

    private MigrationEndpoint(ConnectionString uri) {
        this.uri = uri;
    }

    /** @param option the command-line option it came from, for the message when it is not usable */
    public static MigrationEndpoint parse(String option, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException(option + " is required: a MongoDB connection string with the database, e.g."
                    + " mongodb://host:27017/moduo");
        }
        ConnectionString parsed;
        try {
            parsed = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            // The driver's message may quote the string; the logging package's redaction takes out credentials.
            throw new IllegalArgumentException(option + " is not a MongoDB connection string: "
                    + UriCredentials.redact(e.getMessage()));
        }
        if (parsed.getDatabase() == null || parsed.getDatabase().isBlank()) {
            throw new IllegalArgumentException(option + " must name the database in its path, e.g. mongodb://host:27017/moduo");
        }
        return new MigrationEndpoint(parsed);
    }

    public ConnectionString connectionString() {
        return uri;
    }

    public String database() {
        return uri.getDatabase();
    }

    /**
     * The same database of the same deployment: one host in common (a replica set may be listed by different
     * members) and the same database name. Copying a database onto itself would mix two apps' documents in
     * one {@code users} collection with two sets of indexes, which this migration does not do.
     */
    public boolean sameDatabaseAs(MigrationEndpoint other) {
        List<String> mine = hosts();
        return database().equals(other.database()) && other.hosts().stream().anyMatch(mine::contains);
    }

    private List<String> hosts() {
        return uri.getHosts().stream().map(host -> withPort(host.toLowerCase(Locale.ROOT))).toList();
    }

    private String withPort(String host) {
        boolean srv = uri.isSrvProtocol();
        return srv || host.matches(".*:\\d+$") ? host : host + ":27017";
    }

    @Override
    public String toString() {
        return (uri.isSrvProtocol() ? "mongodb+srv://" : "mongodb://") + String.join(",", uri.getHosts()) + "/" + database();
    }
}
