package dev.moduo.functions.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.client.MongoClient;
import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.mongo.MongoConnection;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SnapStart: priming writes nothing and sends nothing; the snapshot holds no MongoDB client; the restored cleanup works. */
class CleanupStaleSessionsFunctionSnapStartTest {

    private FunctionTestEnvironment env;
    private CleanupStaleSessionsFunction function;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
        function = new CleanupStaleSessionsFunction(env.newContextLater(Duration.ofHours(3)));
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    @Test
    void primingChangesNoDataAndSendsNothingToStream() {
        env.seedSession("user_host", "Two Sum");
        List<String> before = env.allDocuments();
        int streamRequests = env.stream().requests().size();

        function.snapStart().beforeCheckpoint(null);
        function.snapStart().afterRestore(null);

        assertEquals(before, env.allDocuments());
        assertEquals(streamRequests, env.stream().requests().size());
    }

    @Test
    void theSnapshotHoldsNoMongoClientAndTheRestoredCleanupEndsAStaleSessionThroughANewOne() {
        SessionView stale = env.seedSession("user_host", "Two Sum");
        MongoConnection connection = function.getApplicationContext().getBean(MongoConnection.class);
        MongoClient beforeSnapshot = connection.client();

        function.snapStart().beforeCheckpoint(null);
        assertThrows(IllegalStateException.class, () -> beforeSnapshot.listDatabaseNames().first(),
                "the client of the snapshot must be closed");
        function.snapStart().afterRestore(null);

        Map<String, Object> summary = function.handleRequest(Map.of(),
                new TestLambdaContext("CleanupStaleSessionsFunction", 60_000));

        assertEquals(1, summary.get("ended"), summary.toString());
        assertEquals(0, summary.get("failed"), summary.toString());
        assertNotSame(beforeSnapshot, connection.client());
        assertEquals("completed", env.mongo().database().getCollection("sessions")
                .find(new Document("_id", new ObjectId(stale.id()))).first().getString("status"));
    }
}
