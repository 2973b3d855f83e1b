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
    /**
     * Most connections the client keeps to the primary (template {@code MongoDbMaxPoolSize}, 1: a Lambda environment
     * serves one request at a time and each request sends its commands one after another; see docs/capacity.md).
     * A {@code maxPoolSize} in the connection string wins.
     */
    public static final String MAX_POOL_SIZE_SETTING = "MONGODB_MAX_POOL_SIZE";
    /**
     * Without the setting: what serves a JVM that runs many requests at once (the local runner, tests, the migration
     * command), where a pool of one would queue them.
     */
    public static final int DEFAULT_MAX_POOL_SIZE = 4;

    /** Closed and replaced around a SnapStart snapshot; the client and database beans are views of its current client. */
    @Singleton
    @Bean(preDestroy = "close")
    MongoConnection mongoConnection(Settings settings, SecretValues secrets, List<CommandListener> listeners) {
        int maxPoolSize = maxPoolSize(settings);
        return new MongoConnection(secrets.of(URI_SECRET_ID_SETTING, URI_SETTING),
                settings.get("MONGODB_DATABASE", DEFAULT_DATABASE), uri -> clientSettings(uri, maxPoolSize, listeners));
    }

    static int maxPoolSize(Settings settings) {
        int size = settings.integer(MAX_POOL_SIZE_SETTING, DEFAULT_MAX_POOL_SIZE);
        if (size < 1) {
            throw new Settings.InvalidSettingException(MAX_POOL_SIZE_SETTING, "must be at least 1");
        }
        return size;
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
        return clientSettings(uri, DEFAULT_MAX_POOL_SIZE, List.of());
    }

    /**
     * {@link #clientSettings(String)} with at most {@code maxPoolSize} pooled connections and {@code listeners} told of
     * every command. Monitoring is the driver's default, {@code auto}: in Lambda (it reads {@code AWS_EXECUTION_ENV} and
     * {@code AWS_LAMBDA_RUNTIME_API}) that is polling, one monitoring connection per replica-set member and no RTT one.
     */
    public static MongoClientSettings clientSettings(String uri, int maxPoolSize, List<CommandListener> listeners) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder builder = MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket
                        .connectTimeout(2, TimeUnit.SECONDS)
                        .readTimeout(5, TimeUnit.SECONDS))
                .applyToConnectionPoolSettings(pool -> pool
                        .maxSize(maxPoolSize)
                        .minSize(0)
                        .maxWaitTime(3, TimeUnit.SECONDS)
                        .maxConnectionIdleTime(5, TimeUnit.MINUTES))
                .applicationName("moduo")
                .retryWrites(true)
                .addCommandListener(MongoFailureCounter.INSTANCE);
        listeners.forEach(builder::addCommandListener);
        return builder.applyConnectionString(connection).build();
    }
}
