package dev.moduo.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A collection whose indexes are made on its first use in an execution environment, not per request
 * and not while the function is being built: a handler whose construction needs MongoDB would fail
 * its Lambda init (an API Gateway 500 rather than our 503) whenever MongoDB is briefly away, and
 * SnapStart would need MongoDB at publish time. Making indexes that exist is a no-op round trip.
 *
 * <p>The database may already hold an index on the same keys under another name, e.g. the Express
 * app's Mongoose {@code clerkId_1} where Moduo wants {@code clerkId_unique}. MongoDB refuses a second
 * index on the same keys (code 85 IndexOptionsConflict, "Index already exists with a different name"),
 * which would fail every first use. So the existing indexes are listed first, and an index on the same
 * keys with the same meaning (unique, sparse, partial filter, TTL, collation) is used as it is. One with
 * another meaning cannot give what the code relies on (a unique index that is not unique...): that is a
 * deployment error, reported naming both indexes, and tried again on the next use rather than remembered.
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
                    make();
                    made = true;
                }
            }
        }
        return collection;
    }

    /**
     * The collection without making its indexes: for reads that must change nothing, not even create the
     * database (a migration's dry run).
     */
    public MongoCollection<Document> asIs() {
        return collection;
    }

    private void make() {
        List<Document> existing = collection.listIndexes().into(new ArrayList<>());
        List<IndexModel> missing = new ArrayList<>();
        for (IndexModel wanted : indexes) {
            String name = wanted.getOptions().getName();
            Optional<Document> sameKeys = existing.stream()
                    .filter(index -> sameKeys(keys(wanted), index.get("key", Document.class)))
                    .findFirst();
            if (sameKeys.isEmpty() || Objects.equals(sameKeys.get().getString("name"), name)) {
                // Absent, or there under its own name: createIndexes makes it, finds it made, or says what differs.
                missing.add(wanted);
            } else if (sameMeaning(wanted.getOptions(), sameKeys.get())) {
                EventLog.event("IndexesOnce", "Index exists under another name; using it", Json.object()
                        .put("collection", collection.getNamespace().getCollectionName())
                        .put("index", name).put("existingIndex", sameKeys.get().getString("name")));
            } else {
                throw new IllegalStateException("Collection " + collection.getNamespace().getCollectionName()
                        + " has index " + sameKeys.get().getString("name") + " on the keys of index " + name
                        + " with other options (unique, sparse, partial filter, TTL or collation); MongoDB refuses"
                        + " a second index on the same keys, so " + name + " cannot be made until that one is dropped");
            }
        }
        if (!missing.isEmpty()) {
            collection.createIndexes(missing);
        }
    }

    private BsonDocument keys(IndexModel index) {
        return toBson(index.getKeys());
    }

    private BsonDocument toBson(Bson bson) {
        return bson == null ? null : bson.toBsonDocument(BsonDocument.class, collection.getCodecRegistry());
    }

    /** Same fields in the same order with the same directions or types; MongoDB compares 1 and 1.0 as one. */
    private static boolean sameKeys(BsonDocument wanted, Document existing) {
        if (wanted == null || existing == null || wanted.size() != existing.size()) {
            return false;
        }
        Iterator<Map.Entry<String, Object>> other = existing.entrySet().iterator();
        for (Map.Entry<String, org.bson.BsonValue> key : wanted.entrySet()) {
            Map.Entry<String, Object> theirs = other.next();
            if (!key.getKey().equals(theirs.getKey()) || !sameValue(key.getValue(), theirs.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(org.bson.BsonValue wanted, Object existing) {
        if (wanted.isNumber() && existing instanceof Number number) {
            return wanted.asNumber().doubleValue() == number.doubleValue();
        }
        return wanted.isString() && wanted.asString().getValue().equals(existing);
    }

    /** As the server reads these flags: true, or a number other than 0. */
    private static boolean isTrue(Object flag) {
        return Boolean.TRUE.equals(flag) || flag instanceof Number number && number.doubleValue() != 0;
    }

    private boolean sameMeaning(IndexOptions wanted, Document existing) {
        Long ttl = wanted.getExpireAfter(TimeUnit.SECONDS);
        Object existingTtl = existing.get("expireAfterSeconds");
        return wanted.isUnique() == isTrue(existing.get("unique"))
                && wanted.isSparse() == isTrue(existing.get("sparse"))
                && (ttl == null ? existingTtl == null : existingTtl instanceof Number n && n.longValue() == ttl)
                && Objects.equals(toBson(wanted.getPartialFilterExpression()), toBson(existing.get("partialFilterExpression", Document.class)))
                && Objects.equals(wanted.getCollation() == null ? null : wanted.getCollation().asDocument(),
                        toBson(existing.get("collation", Document.class)));
    }
}
