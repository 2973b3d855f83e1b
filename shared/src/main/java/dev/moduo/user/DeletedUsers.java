package dev.moduo.user;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.Documents;
import java.time.Instant;
import jakarta.inject.Singleton;
import org.bson.Document;

/**
 * The {@code deleted_users} collection: Clerk ids whose account was deleted ({@code _id} = Clerk id).
 * Clerk never reuses a user id, so a {@code user.created} / {@code user.updated} that arrives after the
 * {@code user.deleted} (a retry, or a delivery that was overtaken) must not bring the profile back.
 * Only the id and the time are kept.
 */
@Singleton
public class DeletedUsers {

    public static final String COLLECTION = "deleted_users";

    private final MongoCollection<Document> deleted;

    public DeletedUsers(MongoDatabase database) {
        this.deleted = database.getCollection(COLLECTION);
    }

    public void record(String clerkId, Instant now) {
        deleted.updateOne(eq("_id", clerkId), Updates.setOnInsert("deletedAt", Documents.date(now)),
                new UpdateOptions().upsert(true));
    }

    public boolean contains(String clerkId) {
        return deleted.find(eq("_id", clerkId)).first() != null;
    }

    public MongoCollection<Document> collection() {
        return deleted;
    }
}
