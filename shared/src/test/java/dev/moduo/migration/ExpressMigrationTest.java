package dev.moduo.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.session.EndReason;
import dev.moduo.session.Session;
import dev.moduo.session.SessionRepository;
import dev.moduo.user.DeletedUsers;
import dev.moduo.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The copy from a database the Express app wrote ({@link ExpressAppDatabase}) into this backend's shapes. */
class ExpressMigrationTest {

    private static final Instant T0 = Instant.parse("2025-11-03T10:00:00Z");
    private static final Instant NOW = Instant.parse("2025-12-01T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static MongoTestServer mongo;
    private static MongoClient client;
    private MongoDatabase sourceDatabase;
    private MongoDatabase target;
    private ExpressAppDatabase express;

    @BeforeAll
    static void start() {
        mongo = new MongoTestServer();
        client = MongoClients.create(mongo.uri());
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @BeforeEach
    void databases() {
        sourceDatabase = client.getDatabase(mongo.databaseName() + "_express");
        sourceDatabase.drop();
        target = mongo.database();
        target.drop();
        express = new ExpressAppDatabase(sourceDatabase);
    }

    @AfterEach
    void dropSource() {
        sourceDatabase.drop();
    }

    private MigrationSummary migrate() {
        return new ExpressMigration(sourceDatabase, target, CLOCK, ExpressMigration.Progress.NONE).run(false);
    }

    private Document targetUser(ObjectId id) {
        return target.getCollection("users").find(new Document("_id", id)).first();
    }

    private Document targetSession(ObjectId id) {
        return target.getCollection("sessions").find(new Document("_id", id)).first();
    }

    private List<String> everything(MongoDatabase database) {
        List<String> all = new ArrayList<>();
        for (String name : database.listCollectionNames()) {
            database.getCollection(name).find().forEach(d -> all.add(name + " " + d.toJson()));
            database.getCollection(name).listIndexes().forEach(i -> all.add(name + " index " + i.toJson()));
        }
        all.sort(String::compareTo);
        return all;
    }

    @Test
    void copiesAUserWithItsExpressIdAndProfile() {
        ObjectId ada = express.signUp("user_ada", "Ada", "Lovelace", "Ada@Example.com", "https://img.clerk.com/ada", T0);

        MigrationSummary summary = migrate();

        Document copied = targetUser(ada);
        assertEquals("user_ada", copied.getString("clerkId"));
        assertEquals("Ada Lovelace", copied.getString("name"));
        assertEquals("ada@example.com", copied.getString("email"));
        assertEquals("https://img.clerk.com/ada", copied.getString("profileImageUrl"));
        assertEquals(Date.from(T0), copied.getDate("createdAt"));
        assertEquals(Date.from(T0), copied.getDate("updatedAt"));
        assertFalse(copied.containsKey("__v"));
        assertEquals(1, summary.users().copied());
        assertTrue(summary.complete());
    }

    @Test
    void aNamePartClerkLeftOutIsNotShownAsTheWordNull() {
        ObjectId ada = express.signUp("user_ada", "Ada", null, "ada@example.com", "", T0);
        ObjectId nobody = express.signUp("user_nobody", null, null, "nobody@example.com", "", T0.plusSeconds(1));

        MigrationSummary summary = migrate();

        assertEquals("Ada", targetUser(ada).getString("name"));
        assertEquals("Moduo user", targetUser(nobody).getString("name"));
        assertEquals(2L, summary.users().notes().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void copiesASessionWithItsIdAndItsPeopleAsClerkIds() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId guest = express.signUp("user_guest", "Gus", "Guest", "guest@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "Easy", host, T0.plusSeconds(60));
        express.join(session, guest, T0.plusSeconds(90));

        migrate();

        Document copied = targetSession(session);
        assertEquals("Two Sum", copied.getString("problemTitle"));
        assertEquals("easy", copied.getString("difficulty"));
        assertEquals("user_host", copied.getString("hostId"));
        assertEquals("user_guest", copied.getString("participantId"));
        assertEquals("active", copied.getString("status"));
        assertEquals(express.callIdOf(session), copied.getString("callId"));
        assertEquals(Date.from(T0.plusSeconds(60)), copied.getDate("createdAt"));
        assertEquals(Date.from(T0.plusSeconds(90)), copied.getDate("updatedAt"));
        assertEquals(Date.from(T0.plusSeconds(90)), copied.getDate("lastActivityAt"));
    }

    @Test
    void anActiveSessionWithAParticipantIsMarkedAsJoinedInStream() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId guest = express.signUp("user_guest", "Gus", "Guest", "guest@example.com", "", T0);
        ObjectId joined = express.create("Two Sum", "easy", host, T0);
        express.join(joined, guest, T0.plusSeconds(5));
        ObjectId open = express.create("Valid Parentheses", "easy", host, T0.plusSeconds(10));

        migrate();

        assertEquals(true, targetSession(joined).get("participantInStream"));
        assertEquals(false, targetSession(open).get("participantInStream"));
        assertEquals(false, targetSession(joined).get("teardownPending"));
    }

    @Test
    void aCompletedSessionWasEndedByItsHostAndOwesNoTeardown() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "hard", host, T0);
        express.end(session, T0.plusSeconds(600));

        migrate();

        Document copied = targetSession(session);
        assertEquals("completed", copied.getString("status"));
        assertEquals(Date.from(T0.plusSeconds(600)), copied.getDate("endedAt"));
        assertEquals(EndReason.HOST.stored(), copied.getString("endedReason"));
        assertEquals(false, copied.get("teardownPending"));
    }

    @Test
    void aDifficultyStoredInAnotherCaseIsStoredLowerCase() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        express.sessions().updateOne(new Document("_id", session), new Document("$set", new Document("difficulty", "Medium")));

        migrate();

        assertEquals("medium", targetSession(session).getString("difficulty"));
    }

    @Test
    void documentsThatDoNotFitAreCountedAndNamedAndTheOthersCopied() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId good = express.create("Two Sum", "easy", host, T0);
        ObjectId badDifficulty = express.create("Three Sum", "easy", host, T0.plusSeconds(1));
        express.sessions().updateOne(new Document("_id", badDifficulty), new Document("$set", new Document("difficulty", "insane")));
        ObjectId noCall = express.create("Four Sum", "easy", host, T0.plusSeconds(2));
        express.sessions().updateOne(new Document("_id", noCall), new Document("$set", new Document("callId", "")));
        ObjectId badStatus = express.create("Five Sum", "easy", host, T0.plusSeconds(3));
        express.sessions().updateOne(new Document("_id", badStatus), new Document("$set", new Document("status", "paused")));
        express.sessions().insertOne(new Document("_id", new ObjectId(Date.from(T0.plusSeconds(4))))
                .append("problemTitle", "No host").append("difficulty", "easy").append("status", "active")
                .append("callId", "session_1_x").append("__v", 0));
        express.users().insertOne(new Document("_id", new ObjectId(Date.from(T0.plusSeconds(5)))).append("name", "No Clerk id")
                .append("email", "noclerk@example.com"));

        MigrationSummary summary = migrate();

        assertTrue(summary.complete());
        assertEquals(5, summary.sessions().read());
        assertEquals(1, summary.sessions().copied());
        assertEquals(Map.of("difficulty is not easy, medium or hard", 1L,
                "callId missing, empty or not a Stream id", 1L,
                "status is not active or completed", 1L,
                "hostId missing or not an ObjectId", 1L), summary.sessions().skipped());
        assertEquals(Map.of("clerkId missing or not a string", 1L), summary.users().skipped());
        assertTrue(summary.problems().stream().anyMatch(p -> p.id().equals(badDifficulty.toHexString())));
        assertTrue(targetSession(good) != null);
        assertNull(targetSession(badDifficulty));
    }

    @Test
    void aSecondRunCopiesNothingTwiceAndChangesNothing() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId guest = express.signUp("user_guest", "Gus", "Guest", "guest@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        express.join(session, guest, T0.plusSeconds(5));
        express.create("Valid Parentheses", "medium", host, T0.plusSeconds(10));
        migrate();
        List<String> afterFirst = everything(target);

        MigrationSummary second = migrate();

        assertEquals(afterFirst, everything(target));
        assertEquals(0, second.users().copied());
        assertEquals(2, second.users().alreadyPresent());
        assertEquals(0, second.sessions().copied());
        assertEquals(2, second.sessions().alreadyPresent());
    }

    @Test
    void aRunAfterOneThatDiedPartWayCompletesTheCopy() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        for (int i = 0; i < 6; i++) {
            express.create("Problem " + i, "easy", host, T0.plusSeconds(i));
        }
        AtomicInteger writes = new AtomicInteger();
        ExpressMigration dying = new ExpressMigration(sourceDatabase, target, CLOCK, (collection, id) -> {
            if (writes.incrementAndGet() == 4) {
                throw new IllegalStateException("simulated crash after the fourth write");
            }
        });

        MigrationInterrupted crash = assertThrows(MigrationInterrupted.class, () -> dying.run(false));
        assertFalse(crash.summarySoFar().complete());
        assertEquals(3, target.getCollection("sessions").countDocuments());

        MigrationSummary rerun = migrate();

        assertTrue(rerun.complete());
        assertEquals(6, target.getCollection("sessions").countDocuments());
        assertEquals(3, rerun.sessions().copied());
        assertEquals(3, rerun.sessions().alreadyPresent());
        assertEquals(1, rerun.users().alreadyPresent());
    }

    @Test
    void aDryRunWritesNothingNotEvenAnIndex() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        express.create("Two Sum", "easy", host, T0);

        MigrationSummary dry = new ExpressMigration(sourceDatabase, target, CLOCK, ExpressMigration.Progress.NONE).run(true);

        assertTrue(dry.dryRun());
        assertEquals(1, dry.users().copied());
        assertEquals(1, dry.sessions().copied());
        assertEquals(List.of(), target.listCollectionNames().into(new ArrayList<>()));
        assertEquals(List.of(), everything(target));
    }

    @Test
    void theExpressDatabaseIsOnlyRead() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        express.end(session, T0.plusSeconds(60));
        List<String> before = everything(sourceDatabase);

        migrate();
        migrate();

        assertEquals(before, everything(sourceDatabase));
    }

    @Test
    void aRerunBringsOverWhatChangedInExpressSinceTheLastCopy() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId guest = express.signUp("user_guest", "Gus", "Guest", "guest@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        migrate();
        express.join(session, guest, T0.plusSeconds(30));
        express.end(session, T0.plusSeconds(900));

        MigrationSummary rerun = migrate();

        assertEquals(1, rerun.sessions().refreshed());
        Document copied = targetSession(session);
        assertEquals("completed", copied.getString("status"));
        assertEquals("user_guest", copied.getString("participantId"));
        assertEquals(Date.from(T0.plusSeconds(900)), copied.getDate("updatedAt"));
    }

    @Test
    void aRerunNeverOverwritesASessionThisBackendChangedSince() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        express.signUp("user_guest", "Gus", "Guest", "guest@example.com", "", T0);
        ObjectId late = express.signUp("user_late", "Lee", "Late", "late@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        migrate();
        // Joined here after the switch...
        SessionRepository here = new SessionRepository(target);
        here.claimParticipant(session, "user_guest", NOW.plusSeconds(60));
        // ...and, on a page still talking to the Express app, by someone else there.
        express.join(session, late, NOW.plusSeconds(90));
        List<String> beforeRerun = everything(target);

        MigrationSummary rerun = migrate();

        assertEquals(1, rerun.sessions().keptChangedHere());
        assertEquals(beforeRerun, everything(target));
        assertEquals("user_guest", targetSession(session).getString("participantId"));
    }

    @Test
    void aSessionOfAUserTheExpressAppDeletedKeepsThatUserAsDeleted() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId guest = express.signUp("user_gone", "Gone", "Guest", "gone@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        express.join(session, guest, T0.plusSeconds(5));
        express.end(session, T0.plusSeconds(60));
        express.deleteAccount("user_gone");

        migrate();

        assertEquals(ExpressDocuments.MISSING_USER_PREFIX + guest.toHexString(), targetSession(session).getString("participantId"));
        assertEquals("user_host", targetSession(session).getString("hostId"));
    }

    @Test
    void anActiveSessionWhoseHostTheExpressAppDeletedIsEndedAsHostDeletedWithItsTeardownOwed() {
        ObjectId host = express.signUp("user_gone", "Gone", "Host", "gone@example.com", "", T0);
        ObjectId session = express.create("Two Sum", "easy", host, T0);
        express.deleteAccount("user_gone");

        migrate();

        Document copied = targetSession(session);
        assertEquals("completed", copied.getString("status"));
        assertEquals(EndReason.HOST_DELETED.stored(), copied.getString("endedReason"));
        assertEquals(Date.from(NOW), copied.getDate("endedAt"));
        assertEquals(true, copied.get("teardownPending"));
    }

    @Test
    void aUserDeletedInExpressAfterTheFirstCopyIsStillKnownByClerkIdInLaterCopies() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId guest = express.signUp("user_guest", "Gus", "Guest", "guest@example.com", "", T0);
        migrate();
        ObjectId session = express.create("Two Sum", "easy", host, T0.plusSeconds(100));
        express.join(session, guest, T0.plusSeconds(110));
        express.deleteAccount("user_guest");

        migrate();

        assertEquals("user_guest", targetSession(session).getString("participantId"));
    }

    @Test
    void aUserDeletedHereSinceTheSwitchIsNotBroughtBack() {
        ObjectId gone = express.signUp("user_gone", "Gone", "User", "gone@example.com", "", T0);
        new DeletedUsers(target).record("user_gone", NOW);

        MigrationSummary summary = migrate();

        assertNull(targetUser(gone));
        assertEquals(Map.of("deleted here since (Clerk user.deleted)", 1L), summary.users().skipped());
    }

    @Test
    void aUserThisBackendAlreadyMadeFromATokenKeepsItsRecord() {
        ObjectId ada = express.signUp("user_ada", "Ada", "Lovelace", "ada@example.com", "", T0);
        new UserRepository(target).findOrCreate("user_ada", "Moduo user", null, null, NOW);
        List<String> before = everything(target);

        MigrationSummary summary = migrate();

        assertEquals(1, summary.users().presentWithOtherId());
        assertEquals(before, everything(target));
        assertNull(targetUser(ada));
    }

    @Test
    void aCallIdAnotherSessionHereHasIsReportedAndNotCopied() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        ObjectId first = express.create("Two Sum", "easy", host, T0);
        ObjectId second = express.create("Three Sum", "easy", host, T0.plusSeconds(1));
        express.sessions().updateOne(new Document("_id", second),
                new Document("$set", new Document("callId", express.callIdOf(first))));

        MigrationSummary summary = migrate();

        assertEquals(1, summary.sessions().copied());
        assertEquals(Map.of("callId already used by another session here", 1L), summary.sessions().skipped());
        assertNull(targetSession(second));
    }

    @Test
    void theReportIsOneJsonDocumentWithTheCountsOfEachCollection() {
        ObjectId host = express.signUp("user_host", "Hana", "Host", "host@example.com", "", T0);
        express.create("Two Sum", "easy", host, T0);

        var json = migrate().toJson();

        assertEquals(1, json.path("users").path("copied").asInt());
        assertEquals(1, json.path("sessions").path("read").asInt());
        assertEquals(true, json.path("complete").asBoolean());
        assertTrue(json.has("documentsPerSecond"));
    }
    @Test
    void copiesThousandsOfDocumentsInOneRunAndThenFindsThemAllPresent() {
        List<ObjectId> people = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            people.add(express.signUp("user_" + i, "User", String.valueOf(i), "u" + i + "@example.com", "", T0.plusSeconds(i)));
        }
        for (int i = 0; i < 3000; i++) {
            ObjectId session = express.create("Problem " + i, "easy", people.get(i % 1000), T0.plusSeconds(2000 + i));
            if (i % 2 == 0) {
                express.join(session, people.get((i + 1) % 1000), T0.plusSeconds(6000 + i));
            }
        }

        MigrationSummary first = migrate();
        MigrationSummary second = migrate();

        // The rate is printed for the record, not asserted: it depends on the machine.
        System.out.println("Migration of 4000 Express documents: first run " + first.toJson().path("documentsPerSecond")
                + " documents/s (" + first.millis() + " ms), re-run " + second.toJson().path("documentsPerSecond")
                + " documents/s (" + second.millis() + " ms)");
        assertEquals(1000, first.users().copied());
        assertEquals(3000, first.sessions().copied());
        assertEquals(3000, second.sessions().alreadyPresent());
        assertEquals(3000, target.getCollection("sessions").countDocuments());
    }
}
