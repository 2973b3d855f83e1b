package dev.moduo.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.moduo.core.Deadline;
import dev.moduo.secrets.SecretValue;
import dev.moduo.snapstart.Primable;
import dev.moduo.snapstart.Reconnectable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.types.ObjectId;

/**
 * The execution environment's MongoDB client, which can be closed and replaced by a new one while the
 * beans that use it keep their references.
 *
 * <p>Two things replace it. SnapStart: a connection captured in a snapshot is dead in every environment
 * restored from it, so the client is closed before the snapshot and made again on first use after restore
 * (not in the restore hook: a {@code mongodb+srv} string resolves DNS when parsed, and a failure there
 * would fail the restore instead of one request). Rotation: the connection string comes from a
 * {@link SecretValue} (Secrets Manager in AWS, re-read every {@code SECRETS_TTL}); when it changes, a new
 * client is made with it and the old one closed. The {@link MongoDatabase} and {@link MongoCollection}s
 * handed out are views that resolve the current client's database or collection on each call.
 */
public final class MongoConnection implements Reconnectable, Primable, AutoCloseable {

    /** Reading the connection string may need Secrets Manager; it must not use up a request's budget. */
    private static final Duration URI_READ_BUDGET = Duration.ofSeconds(3);

    private final SecretValue uri;
    private final String databaseName;
    private final Function<String, MongoClientSettings> clientSettings;
    private final MongoDatabase database;
    private final MongoClient clientView;
    private MongoClient client;
    private String clientUri;
    /** Bumped whenever the client is replaced, so views re-resolve their target once, not on every call. */
    private volatile int generation;

    /** {@code clientSettings} makes each client's settings from the connection string it is made with. */
    public MongoConnection(SecretValue uri, String databaseName, Function<String, MongoClientSettings> clientSettings) {
        this.uri = uri;
        this.databaseName = databaseName;
        this.clientSettings = clientSettings;
        this.database = view(MongoDatabase.class, () -> client().getDatabase(databaseName));
        this.clientView = view(MongoClient.class, this::client);
    }

    /** The client as a view that always uses the current one (closing it is {@link #disconnect()}). */
    public MongoClient clientView() {
        return clientView;
    }

    /**
     * The current client, connecting if there is none or if the connection string has changed since it
     * was made (the old client is closed: a Lambda serves one request at a time, so nothing is using it).
     */
    public MongoClient client() {
        String current = uri.current(Deadline.after(URI_READ_BUDGET));
        MongoClient retired = null;
        MongoClient result;
        synchronized (this) {
            if (client == null || !current.equals(clientUri)) {
                retired = client;
                client = MongoClients.create(clientSettings.apply(current));
                clientUri = current;
                generation++;
            }
            result = client;
        }
        if (retired != null) {
            retired.close();
        }
        return result;
    }

    /** The database as a view that always uses the current client. */
    public MongoDatabase database() {
        return database;
    }

    public String databaseName() {
        return databaseName;
    }

    /** Closes the current client; the next use makes a new one. */
    public synchronized void disconnect() {
        if (client != null) {
            client.close();
            client = null;
            clientUri = null;
        }
    }

    /**
     * Reads, in every collection, a document no collection can hold (the all-zero id, which no session gets):
     * a full round trip (connection, TLS, query, decoding) that finds nothing and changes nothing.
     */
    @Override
    public void prime() {
        ObjectId nobody = new ObjectId(new byte[12]);
        for (String collection : database.listCollectionNames()) {
            database.getCollection(collection).find(Filters.eq("_id", nobody)).first();
        }
    }

    @Override
    public void beforeSnapshot() {
        disconnect();
    }

    @Override
    public void close() {
        disconnect();
    }

    /** Whether the view's target must be resolved again: the client was replaced, closed, or its string rotated. */
    private boolean stale(int resolvedGeneration) {
        if (resolvedGeneration != generation) {
            return true;
        }
        synchronized (this) {
            if (client == null) {
                return true;
            }
        }
        // Cheap while the cached value is fresh; once its TTL has passed this reads the secret again.
        return !uri.current(Deadline.after(URI_READ_BUDGET)).equals(currentUri());
    }

    private synchronized String currentUri() {
        return clientUri;
    }

    /**
     * A view of {@code type} whose every call goes to {@code target}'s current value. Calls that derive a
     * database or a collection (getCollection, withWriteConcern...) return views too, so nothing handed
     * out stays bound to a closed client.
     */
    @SuppressWarnings("unchecked")
    private <T> T view(Class<T> type, Supplier<Object> target) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new View(type, target));
    }

    private final class View implements InvocationHandler {
        private final Class<?> type;
        private final Supplier<Object> target;
        private Object resolved;
        private int resolvedGeneration = -1;

        View(Class<?> type, Supplier<Object> target) {
            this.type = type;
            this.target = target;
        }

        private synchronized Object current() {
            // Resolving may create the client, which bumps the generation: read it afterwards.
            if (resolved == null || stale(resolvedGeneration)) {
                resolved = target.get();
                resolvedGeneration = generation;
            }
            return resolved;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return "MongoConnection view of " + type.getSimpleName();
                    }
                    break;
                default:
                    break;
            }
            Class<?> returns = method.getReturnType();
            if (returns == MongoCollection.class || returns == MongoDatabase.class) {
                return view(returns, () -> call(current(), method, args));
            }
            return call(current(), method, args);
        }
    }

    private static Object call(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
