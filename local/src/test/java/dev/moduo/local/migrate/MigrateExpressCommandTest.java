package dev.moduo.local.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.moduo.core.Json;
import dev.moduo.mongo.testing.MongoTestServer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrateExpressCommandTest {

    private static final Instant T0 = Instant.parse("2025-11-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T09:00:00Z"), ZoneOffset.UTC);

    private MongoTestServer mongo;
    private MongoClient client;
    private MongoDatabase express;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    @BeforeEach
    void expressApp() {
        mongo = new MongoTestServer();
        client = MongoClients.create(mongo.uri());
        express = client.getDatabase(mongo.databaseName() + "_express");
        // As the Express app's Mongoose models leave it: users with clerkId_1/email_1, sessions with ObjectId refs.
        express.getCollection("users").createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));
        express.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_1"));
        ObjectId host = new ObjectId(Date.from(T0));
        express.getCollection("users").insertOne(new Document("_id", host).append("clerkId", "user_host").append("name", "Hana Host")
                .append("email", "hana@example.com").append("profileImageUrl", "").append("createdAt", Date.from(T0))
                .append("updatedAt", Date.from(T0)).append("__v", 0));
        express.getCollection("sessions").insertOne(new Document("_id", new ObjectId(Date.from(T0.plusSeconds(1))))
                .append("problemTitle", "Two Sum").append("difficulty", "easy").append("hostId", host).append("participantId", null)
                .append("status", "active").append("callId", "session_1762164001000_k3j9x").append("createdAt", Date.from(T0))
                .append("updatedAt", Date.from(T0)).append("__v", 0));
    }

    @AfterEach
    void stop() {
        express.drop();
        client.close();
        mongo.close();
    }

    private int run(Map<String, String> environment, String... args) {
        return new MigrateExpressCommand(environment, out::add, err::add, CLOCK).run(args);
    }

    private String from() {
        return mongo.uri() + "/" + express.getName();
    }

    private String to() {
        return mongo.uri() + "/" + mongo.databaseName();
    }

    @Test
    void aRunCopiesAndPrintsOneJsonReport() throws Exception {
        int exit = run(Map.of(), "--from", from(), "--to", to());

        assertEquals(MigrateExpressCommand.DONE, exit, String.join("\n", err));
        assertEquals(1, out.size());
        JsonNode report = Json.read(out.get(0));
        assertEquals(1, report.path("users").path("copied").asInt());
        assertEquals(1, report.path("sessions").path("copied").asInt());
        assertEquals(1, mongo.database().getCollection("sessions").countDocuments());
    }

    @Test
    void theConnectionStringsMayComeFromTheEnvironment() {
        int exit = run(Map.of(MigrateExpressCommand.FROM_VARIABLE, from(), MigrateExpressCommand.TO_VARIABLE, to()));

        assertEquals(MigrateExpressCommand.DONE, exit, String.join("\n", err));
        assertEquals(1, mongo.database().getCollection("users").countDocuments());
    }

    @Test
    void aDryRunReportsAndWritesNothing() throws Exception {
        int exit = run(Map.of(), "--from", from(), "--to", to(), "--dry-run");

        assertEquals(MigrateExpressCommand.DONE, exit, String.join("\n", err));
        assertTrue(Json.read(out.get(0)).path("dryRun").asBoolean());
        assertEquals(1, Json.read(out.get(0)).path("sessions").path("copied").asInt());
        assertEquals(List.of(), mongo.database().listCollectionNames().into(new ArrayList<>()));
    }

    @Test
    void theSameDatabaseIsRefusedWithoutPrintingItsPassword() {
        String withPassword = mongo.uri().replace("mongodb://", "mongodb://moduo:s3cret-pass@") + "/" + express.getName();

        int exit = run(Map.of(), "--from", from(), "--to", withPassword);

        assertEquals(MigrateExpressCommand.NOT_RUN, exit);
        assertTrue(err.get(0).contains("the same database"), err.get(0));
        assertFalse(String.join("\n", err).contains("s3cret-pass"));
        assertEquals(List.of(), out);
    }

    @Test
    void aTargetWithoutADatabaseNameIsRefused() {
        int exit = run(Map.of(), "--from", from(), "--to", mongo.uri());

        assertEquals(MigrateExpressCommand.NOT_RUN, exit);
        assertTrue(err.get(0).startsWith("--to must name the database"), err.get(0));
    }

    @Test
    void aMongoDBThatIsAwayStopsTheRunWithAPartialReportAndExit1() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int exit = run(Map.of(), "--from", from(), "--to", "mongodb://127.0.0.1:" + closedPort + "/moduo");

        assertEquals(MigrateExpressCommand.INTERRUPTED, exit);
        assertFalse(Json.read(out.get(0)).path("complete").asBoolean());
        assertTrue(err.get(err.size() - 1).contains("run the same command again"), err.get(err.size() - 1));
    }
}
