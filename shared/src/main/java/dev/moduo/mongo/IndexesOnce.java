package dev.moduo.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import java.util.List;
import org.bson.Document;

/**
 * A collection whose indexes are made on its first use in an execution environment, not per request
 * and not while the function is being built: a handler whose construction needs MongoDB would fail
 * its Lambda init (an API Gateway 500 rather than our 503) whenever MongoDB is briefly away, and
 * SnapStart would need MongoDB at publish time. Making indexes that exist is a no-op round trip.
 */
public final class IndexesOnce {

    private final MongoCollection<Document> collection;
    private final List<IndexModel> indexes;
    private volatile boolean made;

    public IndexesOnce(MongoCollection<Document> collection, List<IndexModel> indexes) {
        this.collection = collection;
        this.indexes = List.copyOf(indexes);
    }

    /** The collection, its indexes made first if this environment has not made them yet. */
    public MongoCollection<Document> ready() {
        if (!made) {
            synchronized (this) {
                if (!made) {
                    collection.createIndexes(indexes);
                    made = true;
                }
            }
        }
        return collection;
    }
}
