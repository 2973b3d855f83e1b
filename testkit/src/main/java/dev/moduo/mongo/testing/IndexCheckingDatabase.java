package dev.moduo.mongo.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.Json;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A mongo-java-server database that refuses, as a real MongoDB does, an index whose key pattern an
 * existing index of another name already has: mongo-java-server 1.47.0 accepts it and lists both.
 *
 * <p>The rule is the server's own (mongodb/mongo {@code src/mongo/db/catalog/index_catalog_impl.cpp}
 * {@code _doesSpecConflictWithExisting}, {@code src/mongo/db/index/index_descriptor.cpp}
 * {@code compareIndexOptions}): when no index has the requested name, an index with the same key pattern,
 * collation and partial filter is the "same" index. If all its other options ({@code unique},
 * {@code sparse}, {@code expireAfterSeconds}, ...) are identical, the answer is code 85
 * IndexOptionsConflict "Index already exists with a different name: <existing name>"; otherwise code 85
 * "An equivalent index already exists with a different name and options. Requested index: ..., existing
 * index: ...". Nothing of the command is built then. A request reusing an existing name is left to
 * mongo-java-server, which checks it itself (code 86 where MongoDB answers 85 or 86).
 *
 * <p>It also makes {@code findAndModify} atomic as MongoDB's is (a single-document write, whose returned
 * document is the one this operation wrote): mongo-java-server 1.47.0 answers with the stored document itself,
 * not a copy, and serializes it only after the next update may have changed it, so two concurrent {@code $inc}s
 * can both return the second one's count, which a real server never does. Here such commands on one collection
 * run one at a time and answer with a copy taken before the next one starts.
 */
final class IndexCheckingDatabase extends MemoryDatabase {

    static final int INDEX_OPTIONS_CONFLICT = 85;
    // Left out when comparing options, as the server leaves them out (populateOptionsMap): identifying
    // fields are compared on their own, the others are not options.
    private static final Set<String> NOT_OPTIONS = Set.of("key", "ns", "name", "v", "textIndexVersion",
            "2dsphereIndexVersion", "background", "dropDups", "hidden", "collation", "partialFilterExpression");

    private final Map<String, Object> findAndModifyLocks = new java.util.concurrent.ConcurrentHashMap<>();

    IndexCheckingDatabase(String databaseName, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
                                  Oplog oplog) {
        if (command.equalsIgnoreCase("createIndexes")) {
            refuseSameKeysUnderAnotherName(String.valueOf(query.get(command)), query.get("indexes"));
        }
        if (command.equalsIgnoreCase("findAndModify")) {
            synchronized (findAndModifyLocks.computeIfAbsent(String.valueOf(query.get(command)), name -> new Object())) {
                // The answer holds the stored document itself, written to the socket after this returns: copied
                // here, it is the document as this command left it.
                return super.handleCommand(channel, command, query, databaseResolver, oplog).cloneDeeply();
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    private void refuseSameKeysUnderAnotherName(String collectionName, Object requested) {
        if (!(requested instanceof Collection<?> specs)) {
            return;
        }
        List<Document> existing = existingIndexes(collectionName);
        for (Object item : specs) {
            if (!(item instanceof Document spec)) {
                continue;
            }
            Object name = spec.get("name");
            if (existing.stream().anyMatch(index -> Objects.equals(index.get("name"), name))) {
                continue;
            }
            for (Document index : existing) {
                if (sameIndex(spec, index)) {
                    throw new MongoServerError(INDEX_OPTIONS_CONFLICT, "IndexOptionsConflict", sameOptions(spec, index)
                            ? "Index already exists with a different name: " + index.get("name")
                            : "An equivalent index already exists with a different name and options. Requested index: "
                                    + Json.toCompactJsonValue(spec) + ", existing index: " + Json.toCompactJsonValue(index));
                }
            }
        }
    }

    private List<Document> existingIndexes(String collectionName) {
        MongoCollection<Integer> catalog = indexes.get();
        List<Document> found = new ArrayList<>();
        if (catalog != null) {
            catalog.handleQueryAsStream(new Document("ns", getDatabaseName() + "." + collectionName)).forEach(found::add);
        }
        return found;
    }

    private static boolean sameIndex(Document requested, Document existing) {
        return sameKeyPattern(requested.get("key"), existing.get("key"))
                && Objects.equals(requested.get("collation"), existing.get("collation"))
                && Objects.equals(requested.get("partialFilterExpression"), existing.get("partialFilterExpression"));
    }

    /** Same fields in the same order, with directions equal as numbers (1 and 1.0 are one direction). */
    private static boolean sameKeyPattern(Object requested, Object existing) {
        if (!(requested instanceof Document a) || !(existing instanceof Document b) || a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<String, Object>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, Object>> right = b.entrySet().iterator();
        while (left.hasNext()) {
            Map.Entry<String, Object> x = left.next();
            Map.Entry<String, Object> y = right.next();
            if (!x.getKey().equals(y.getKey()) || !sameValue(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameOptions(Document requested, Document existing) {
        Map<String, Object> a = options(requested);
        Map<String, Object> b = options(existing);
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(key -> sameValue(a.get(key), b.get(key)));
    }

    private static Map<String, Object> options(Document spec) {
        Map<String, Object> options = new LinkedHashMap<>();
        spec.forEach((key, value) -> {
            if (!NOT_OPTIONS.contains(key)) {
                options.put(key, value);
            }
        });
        return options;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Optional.ofNullable(a).equals(Optional.ofNullable(b));
    }
}
