package dev.moduo.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import dev.moduo.config.Settings;
import dev.moduo.secrets.SecretValues;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One MongoDB client per execution environment. The timeouts are short on purpose: a Lambda serves
 * one request at a time and a user is waiting, so an unreachable database must give a 503 within
 * seconds rather than hold the request until the function times out.
 */
@Factory
public class MongoFactory {

    public static final String DEFAULT_DATABASE = "moduo";
    /** In AWS: the Secrets Manager secret whose SecretString is the connection string (it holds a password). */
    public static final String URI_SECRET_ID_SETTING = "MONGODB_URI_SECRET_ID";
    /** Outside AWS: the connection string itself. */
    public static final String URI_SETTING = "MONGODB_URI";

    /** Closed and replaced around a SnapStart snapshot; the client and database beans are views of its current client. */
    @Singleton
    @Bean(preDestroy = "close")
    MongoConnection mongoConnection(Settings settings, SecretValues secrets, List<CommandListener> listeners) {
        return new MongoConnection(secrets.of(URI_SECRET_ID_SETTING, URI_SETTING),
                settings.get("MONGODB_DATABASE", DEFAULT_DATABASE), listeners);
    }

    @Singleton
    MongoClient mongoClient(MongoConnection connection) {
        return connection.clientView();
    }

    @Singleton
    MongoDatabase database(MongoConnection connection) {
        return connection.database();
    }

    /** The settings every Moduo MongoDB client uses; the connection string may still override them. */
    public static MongoClientSettings clientSettings(String uri) {
        ConnectionString connection = new ConnectionString(uri);
        return MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket
                        .connectTimeout(2, TimeUnit.SECONDS)
                        .readTimeout(5, TimeUnit.SECONDS))
                .applyToConnectionPoolSettings(pool -> pool
                        .maxSize(4)
                        .minSize(0)
                        .maxWaitTime(3, TimeUnit.SECONDS)
                        .maxConnectionIdleTime(5, TimeUnit.MINUTES))
                .applicationName("moduo")
                .retryWrites(true)
                .applyConnectionString(connection)
                .build();
    }
}
