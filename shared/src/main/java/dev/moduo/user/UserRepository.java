package dev.moduo.user;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.moduo.mongo.Documents;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The {@code users} collection. */
@Singleton
public class UserRepository {

    public static final String COLLECTION = "users";

    private final MongoCollection<Document> users;

    public UserRepository(MongoDatabase database) {
        this.users = database.getCollection(COLLECTION);
        // Created once per execution environment, not per request: a no-op round trip when they exist.
        users.createIndexes(List.of(
                new IndexModel(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_unique"))));
    }

    public Optional<UserProfile> findByClerkId(String clerkId) {
        return Optional.ofNullable(users.find(eq("clerkId", clerkId)).first()).map(UserRepository::toProfile);
    }

    public Map<String, UserProfile> findByClerkIds(Collection<String> clerkIds) {
        Map<String, UserProfile> result = new HashMap<>();
        if (clerkIds.isEmpty()) {
            return result;
        }
        for (Document document : users.find(in("clerkId", clerkIds))) {
            UserProfile profile = toProfile(document);
            result.put(profile.clerkId(), profile);
        }
        return result;
    }

    /**
     * Returns the user, creating a minimal record from what the session token tells when the Clerk
     * webhook has not arrived yet. An existing record is never changed here: the webhook owns it.
     */
    public UserProfile findOrCreate(String clerkId, String name, String email, String imageUrl, Instant now) {
        Bson update = Updates.combine(
                Updates.setOnInsert("clerkId", clerkId),
                Updates.setOnInsert("name", name),
                Updates.setOnInsert("email", email),
                Updates.setOnInsert("profileImageUrl", imageUrl == null ? "" : imageUrl),
                Updates.setOnInsert("createdAt", Documents.date(now)),
                Updates.setOnInsert("updatedAt", Documents.date(now)));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        try {
            return toProfile(users.findOneAndUpdate(eq("clerkId", clerkId), update, options));
        } catch (MongoWriteException e) {
            // Two first requests of one user raced to insert; the unique index let one win.
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return findByClerkId(clerkId).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /**
     * Writes the profile from a Clerk webhook, creating the record if needed, unless the record already
     * holds a Clerk event that is as new or newer ({@code clerkUpdatedAt}): false then, and nothing changes.
     */
    public boolean applyClerkProfile(ClerkUser user, Instant now) {
        Bson filter = and(eq("clerkId", user.id()),
                or(eq("clerkUpdatedAt", null), lt("clerkUpdatedAt", user.updatedAt())));
        Bson update = Updates.combine(
                Updates.set("name", user.name()),
                Updates.set("email", user.email()),
                Updates.set("profileImageUrl", user.imageUrl()),
                Updates.set("clerkUpdatedAt", user.updatedAt()),
                Updates.set("updatedAt", Documents.date(now)),
                Updates.setOnInsert("createdAt", Documents.date(now)));
        try {
            UpdateResult result = users.updateOne(filter, update, new UpdateOptions().upsert(true));
            return result.getModifiedCount() == 1 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            // The record exists with a newer event, so the filter missed and the upsert hit the unique clerkId.
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public boolean deleteByClerkId(String clerkId) {
        return users.deleteOne(eq("clerkId", clerkId)).getDeletedCount() == 1;
    }

    /** Remembers that Stream has this user as of {@code syncedAt}. */
    public void markSyncedToStream(String clerkId, Instant syncedAt) {
        users.updateOne(eq("clerkId", clerkId), Updates.set("streamSyncedAt", Documents.date(syncedAt)));
    }

    public MongoCollection<Document> collection() {
        return users;
    }

    public static UserProfile toProfile(Document document) {
        Object clerkUpdatedAt = document.get("clerkUpdatedAt");
        return new UserProfile(
                document.getObjectId("_id"),
                document.getString("clerkId"),
                document.getString("name"),
                document.getString("email"),
                document.getString("profileImageUrl"),
                Documents.instant(document, "createdAt"),
                Documents.instant(document, "updatedAt"),
                clerkUpdatedAt instanceof Number number ? number.longValue() : null,
                Documents.instant(document, "streamSyncedAt"));
    }
}
