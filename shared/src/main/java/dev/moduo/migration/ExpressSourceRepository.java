package dev.moduo.migration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * The Express app's database, read only: its Mongoose models {@code User} and {@code Session} live in the
 * collections Mongoose names after them, lower-cased and pluralised ({@code users}, {@code sessions}). Nothing
 * here writes, so the Express app keeps working on it and going back is pointing the web client back.
 * Documents come in {@code _id} order, as raw BSON: {@link ExpressDocuments} decides what they mean.
 */
public final class ExpressSourceRepository {

    public static final String USERS = "users";
    public static final String SESSIONS = "sessions";

    private final MongoDatabase database;

    public ExpressSourceRepository(MongoDatabase database) {
        this.database = database;
    }

    public void forEachUser(Consumer<Document> each) {
        forEach(database.getCollection(USERS), each);
    }

    public void forEachSession(Consumer<Document> each) {
        forEach(database.getCollection(SESSIONS), each);
    }

    public String databaseName() {
        return database.getName();
    }

    private static void forEach(MongoCollection<Document> collection, Consumer<Document> each) {
        for (Document document : collection.find().sort(Sorts.ascending("_id")).batchSize(500)) {
            each.accept(document);
        }
    }
}
