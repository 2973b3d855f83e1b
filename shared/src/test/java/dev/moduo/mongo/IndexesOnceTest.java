package dev.moduo.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class IndexesOnceTest {

    private static final IndexModel CLERK_ID_UNIQUE =
            new IndexModel(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_unique"));

    private final MongoTestServer mongo = new MongoTestServer();
    private final MongoCollection<Document> users = mongo.database().getCollection("users");

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void indexesAreMadeOnFirstUse() {
        new IndexesOnce(users, List.of(CLERK_ID_UNIQUE)).ready();

        assertEquals(List.of("_id_", "clerkId_unique"), indexNames());
    }

    @Test
    void anIndexOnTheSameKeysWithTheSameMeaningUnderAnotherNameIsUsedAsItIs() {
        // What Mongoose made for the Express app's `clerkId: {unique: true}`.
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));

        new IndexesOnce(users, List.of(CLERK_ID_UNIQUE)).ready();

        assertEquals(List.of("_id_", "clerkId_1"), indexNames());
    }

    @Test
    void otherIndexesAreStillMadeBesideOneThatExistsUnderAnotherName() {
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));
        IndexModel byName = new IndexModel(Indexes.ascending("name"), new IndexOptions().name("name_lookup"));

        new IndexesOnce(users, List.of(CLERK_ID_UNIQUE, byName)).ready();

        assertEquals(List.of("_id_", "clerkId_1", "name_lookup"), indexNames());
    }

    @Test
    void anIndexOnTheSameKeysWithAnotherMeaningIsADeploymentErrorNamingBothAndIsTriedAgainOnTheNextUse() {
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().name("clerkId_1"));
        IndexesOnce indexed = new IndexesOnce(users, List.of(CLERK_ID_UNIQUE));

        IllegalStateException refused = assertThrows(IllegalStateException.class, indexed::ready);

        assertTrue(refused.getMessage().contains("index clerkId_1 on the keys of index clerkId_unique"), refused.getMessage());
        users.dropIndex("clerkId_1");
        indexed.ready();
        assertEquals(List.of("_id_", "clerkId_unique"), indexNames());
    }

    private List<String> indexNames() {
        List<String> names = new ArrayList<>();
        users.listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }
}
