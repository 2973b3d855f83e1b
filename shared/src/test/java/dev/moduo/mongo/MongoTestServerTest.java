package dev.moduo.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.moduo.mongo.testing.MongoTestServer;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MongoDB stand-in refuses what a real server refuses, or tests against it would prove nothing. */
class MongoTestServerTest {

    private final MongoTestServer mongo = new MongoTestServer();
    private final MongoCollection<Document> users = mongo.database().getCollection("users");

    @AfterEach
    void stop() {
        mongo.close();
    }

    /** As on a real server, each of concurrent findOneAndUpdate $inc's returns the count it wrote itself. */
    @Test
    void concurrentFindAndModifyIncrementsEachReturnTheirOwnCount() throws Exception {
        MongoCollection<Document> counters = mongo.database().getCollection("counters");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                counts.add(pool.submit(() -> ((Number) counters.findOneAndUpdate(new Document("_id", "c"),
                        new Document("$inc", new Document("n", 1L)), new com.mongodb.client.model.FindOneAndUpdateOptions()
                                .upsert(true).returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)).get("n")).longValue()));
            }
            java.util.Set<Long> distinct = new java.util.TreeSet<>();
            for (java.util.concurrent.Future<Long> count : counts) {
                distinct.add(count.get());
            }
            assertEquals(200, distinct.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secondIndexOnTheSameKeysUnderAnotherNameIsRefusedWithCode85() {
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));

        MongoCommandException refused = assertThrows(MongoCommandException.class, () ->
                users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_unique")));

        assertEquals(85, refused.getErrorCode());
        assertEquals("IndexOptionsConflict", refused.getErrorCodeName());
        assertEquals("Index already exists with a different name: clerkId_1", refused.getErrorMessage());
        assertEquals(List.of("_id_", "clerkId_1"), indexNames());
    }

    @Test
    void sameKeysWithOtherOptionsUnderAnotherNameAreRefusedAsAnEquivalentIndex() {
        users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_1"));

        MongoCommandException refused = assertThrows(MongoCommandException.class, () ->
                users.createIndex(Indexes.ascending("email"), new IndexOptions().name("email_lookup")));

        assertEquals(85, refused.getErrorCode());
        assertTrue(refused.getErrorMessage().startsWith("An equivalent index already exists with a different name and options"),
                refused.getErrorMessage());
    }

    @Test
    void nothingOfACommandWithARefusedIndexIsBuilt() {
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));

        assertThrows(MongoCommandException.class, () -> users.createIndexes(List.of(
                new IndexModel(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_1")),
                new IndexModel(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_unique")))));

        assertEquals(List.of("_id_", "clerkId_1"), indexNames());
    }

    @Test
    void theSameIndexUnderItsOwnNameIsMadeOnce() {
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));

        assertEquals(List.of("_id_", "clerkId_1"), indexNames());
    }

    @Test
    void theSameFieldsInAnotherOrderOrDirectionAreAnotherIndex() {
        users.createIndex(Indexes.compoundIndex(Indexes.ascending("a"), Indexes.ascending("b")), new IndexOptions().name("a_b"));
        users.createIndex(Indexes.compoundIndex(Indexes.ascending("b"), Indexes.ascending("a")), new IndexOptions().name("b_a"));
        users.createIndex(Indexes.compoundIndex(Indexes.ascending("a"), Indexes.descending("b")), new IndexOptions().name("a_bdown"));

        assertEquals(List.of("_id_", "a_b", "b_a", "a_bdown"), indexNames());
    }

    private List<String> indexNames() {
        List<String> names = new ArrayList<>();
        users.listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }
}
