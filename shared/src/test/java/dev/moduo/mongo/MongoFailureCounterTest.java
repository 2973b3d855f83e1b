package dev.moduo.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.mongo.testing.MongoTestServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through the real driver and a MongoDB server on this machine, with the settings every Moduo client has. */
class MongoFailureCounterTest {

    private MongoTestServer mongo;
    private MongoClient client;
    private MongoCollection<Document> sessions;
    private InvocationMetrics metrics;

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        client = MongoClients.create(MongoFactory.clientSettings(mongo.uri()));
        sessions = client.getDatabase(mongo.databaseName()).getCollection("sessions");
        sessions.insertOne(new Document("_id", "warm"));
        metrics = InvocationMetrics.begin("moduo-test", "GetSessionFunction", "GET /api/sessions/{sessionId}", null);
    }

    @AfterEach
    void stop() {
        metrics.end();
        client.close();
        mongo.close();
    }

    @Test
    void aCommandThatFailsBecauseMongoDbWentAwayIsCountedUnderItsName() {
        mongo.stop();

        assertThrows(MongoException.class, () -> sessions.find(new Document("_id", "x")).first());

        assertTrue(metrics.value(Metric.MONGO_FAILURES, "find") >= 1,
                "the find on the pooled connection failed: " + metrics.documents(dev.moduo.core.Json.object(), 1L));
    }

    @Test
    void aCommandMongoDbRefusedIsNoFailureOfMongoDb() {
        sessions.createIndex(Indexes.ascending("callId"), new IndexOptions().unique(true));
        sessions.insertOne(new Document("_id", "a").append("callId", "c1"));

        assertThrows(MongoException.class, () -> sessions.findOneAndUpdate(new Document("_id", "b"),
                new Document("$set", new Document("callId", "c1")),
                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)));

        assertFalse(metrics.has(Metric.MONGO_FAILURES), "a duplicate key is an answer");
    }

    @Test
    void aSuccessfulCommandCountsNothing() {
        assertEquals("warm", sessions.find(new Document("_id", "warm")).first().getString("_id"));

        assertFalse(metrics.has(Metric.MONGO_FAILURES));
    }
}
