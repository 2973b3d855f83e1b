package dev.moduo.limits;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code rateLimits} collection: one counter per user, action and window, so that one user's burst
 * touches only that user's document (MongoDB serializes updates per document, not per collection). A TTL
 * index removes a counter once its window is over; the window start is in the key, so a counter the TTL
 * monitor has not removed yet (it runs about once a minute) is never read again.
 */
@Singleton
public class RateLimitRepository {

    public static final String COLLECTION = "rateLimits";
    public static final String TTL_INDEX = "expiresAt_ttl";

    private final IndexesOnce indexed;

    public RateLimitRepository(MongoDatabase database) {
        this.indexed = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.ascending("expiresAt"),
                        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name(TTL_INDEX))));
    }

    /**
     * Counts one more request of {@code userId} for {@code action} in the window starting at {@code windowStart}
     * and returns the count including it: one atomic upsert, so concurrent requests each see a distinct count.
     */
    public long increment(String userId, String action, Instant windowStart, Instant expiresAt) {
        String id = action + ":" + windowStart.getEpochSecond() + ":" + userId;
        Bson update = Updates.combine(
                Updates.inc("count", 1L),
                Updates.setOnInsert("userId", userId),
                Updates.setOnInsert("action", action),
                Updates.setOnInsert("windowStart", Documents.date(windowStart)),
                Updates.setOnInsert("expiresAt", Documents.date(expiresAt)));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        MongoCollection<Document> counters = indexed.ready();
        Document counted;
        try {
            counted = counters.findOneAndUpdate(eq("_id", id), update, options);
        } catch (MongoServerException e) {
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Two first requests of the window both found no counter and both inserted; the loser's retry
            // finds the winner's document and increments it.
            counted = counters.findOneAndUpdate(eq("_id", id), update, options);
        }
        return ((Number) counted.get("count")).longValue();
    }

    public MongoCollection<Document> collection() {
        return indexed.ready();
    }
}
