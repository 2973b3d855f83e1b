package dev.moduo.functions.create;

import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mongodb.client.MongoClient;
import dev.moduo.core.Deadline;
import dev.moduo.mongo.MongoConnection;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import dev.moduo.testing.FunctionTestEnvironment;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SnapStart: priming before the snapshot touches no data, and the restored function reconnects and works. */
class CreateSessionSnapStartTest {

    private FunctionTestEnvironment env;
    private CreateSessionFunction function;
    private final AtomicInteger credentialReads = new AtomicInteger();
    private final AtomicInteger credentialInvalidations = new AtomicInteger();

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
        ApplicationContext context = env.newContext();
        EnvStreamCredentials fromSettings = new EnvStreamCredentials(env.settings());
        // Stands for the Secrets Manager source: counts the reads and the drops of what it caches.
        context.registerSingleton(StreamCredentialsSource.class, new StreamCredentialsSource() {
            @Override
            public StreamCredentials current(Deadline deadline) {
                credentialReads.incrementAndGet();
                return fromSettings.current(deadline);
            }

            @Override
            public void invalidate() {
                credentialInvalidations.incrementAndGet();
            }
        });
        function = new CreateSessionFunction(context);
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse create(String userId) {
        return function.handleRequest(withBody(env.eventAs("create-session.json", userId),
                "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}"), lambdaContext("CreateSessionFunction"));
    }

    @Test
    void primingChangesNoDataAndSendsNothingToStream() {
        assertEquals(201, create("user_existing").getStatusCode());
        List<String> before = env.allDocuments();
        int streamRequests = env.stream().requests().size();
        int reads = credentialReads.get();

        function.snapStart().beforeCheckpoint(null);

        assertFalse(before.isEmpty(), "there must be data that priming could have changed");
        assertEquals(before, env.allDocuments());
        assertEquals(streamRequests, env.stream().requests().size());
        assertEquals(reads, credentialReads.get(), "priming must not read Stream's secret into the snapshot");
    }

    @Test
    void theSnapshotHoldsNoMongoClientAndTheRestoredFunctionMakesANewOne() {
        MongoConnection connection = function.getApplicationContext().getBean(MongoConnection.class);
        assertEquals(201, create("user_before_snapshot").getStatusCode());
        MongoClient beforeSnapshot = connection.client();

        function.snapStart().beforeCheckpoint(null);

        assertThrows(IllegalStateException.class, () -> beforeSnapshot.listDatabaseNames().first(),
                "the client of the snapshot must be closed");
        function.snapStart().afterRestore(null);
        assertNotSame(beforeSnapshot, connection.client());
    }

    @Test
    void theRestoredFunctionServesARealCreateAndReadsStreamCredentialsAgain() {
        assertEquals(201, create("user_before_snapshot").getStatusCode());
        function.snapStart().beforeCheckpoint(null);
        function.snapStart().afterRestore(null);
        int reads = credentialReads.get();

        APIGatewayV2HTTPResponse response = create("user_after_restore");

        assertEquals(201, response.getStatusCode());
        assertEquals(1, credentialInvalidations.get());
        assertTrue(credentialReads.get() > reads);
        String callId = FunctionTestEnvironment.body(response).path("session").path("callId").asText();
        assertTrue(env.stream().call(callId).isPresent(), "the call was made through the new HTTP client");
        assertTrue(env.stream().violations().isEmpty(), env.stream().violations().toString());
    }

    @Test
    void aSnapshotTakenWhileMongoDbIsUnreachableStillSucceeds() {
        env.mongo().stop();

        function.snapStart().beforeCheckpoint(null);
        function.snapStart().afterRestore(null);

        APIGatewayV2HTTPResponse response = create("user_after_restore");
        assertEquals(503, response.getStatusCode(), "the restored function answers, it does not fail its start");
        env.mongo().restart();
        assertEquals(201, create("user_after_restore").getStatusCode());
    }

    @Test
    void restoringResolvesNoHostAndConnectsNothing() {
        // A mongodb+srv string is resolved through DNS when it is parsed; the restore must not depend on DNS.
        CreateSessionFunction unresolvable = new CreateSessionFunction(
                env.newContext(env.settings().with(java.util.Map.of("MONGODB_URI", "mongodb+srv://no-such-host.invalid/"))));
        try {
            unresolvable.snapStart().beforeCheckpoint(null);
            unresolvable.snapStart().afterRestore(null);

            assertEquals(503, unresolvable.handleRequest(withBody(env.eventAs("create-session.json", "user_x"),
                    "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}"), lambdaContext("CreateSessionFunction")).getStatusCode());
        } finally {
            unresolvable.close();
        }
    }
}
