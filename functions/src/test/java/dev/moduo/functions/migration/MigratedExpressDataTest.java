package dev.moduo.functions.migration;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.moduo.core.Deadline;
import dev.moduo.functions.end.EndSessionFunction;
import dev.moduo.functions.get.GetSessionFunction;
import dev.moduo.functions.join.JoinSessionFunction;
import dev.moduo.functions.list.ListSessionsFunction;
import dev.moduo.functions.token.StreamTokenFunction;
import dev.moduo.migration.ExpressAppDatabase;
import dev.moduo.migration.ExpressMigration;
import dev.moduo.migration.MigrationSummary;
import dev.moduo.stream.StreamChatClient;
import dev.moduo.stream.StreamVideoClient;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.testing.FunctionTestEnvironment;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After the migration, the real functions serve what the Express app wrote: its sessions under their old
 * {@code _id}s, with their people populated, and an interview that was going on in Express can be joined and
 * ended here, on the Stream call and channel the Express app made.
 */
class MigratedExpressDataTest {

    private static final Instant T0 = Instant.parse("2025-11-03T10:00:00Z");
    private static final Clock MIGRATION_CLOCK = Clock.fixed(Instant.parse("2025-12-01T09:00:00Z"), ZoneOffset.UTC);

    private static FunctionTestEnvironment env;
    private static MongoClient client;
    private static ListSessionsFunction list;
    private static GetSessionFunction get;
    private static JoinSessionFunction join;
    private static EndSessionFunction end;
    private static StreamTokenFunction token;
    private static ApplicationContext streamSide;
    private MongoDatabase source;
    private ExpressAppDatabase express;
    private ObjectId host;
    private ObjectId guest;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        client = MongoClients.create(env.mongo().uri());
        list = env.function(ListSessionsFunction::new);
        get = env.function(GetSessionFunction::new);
        join = env.function(JoinSessionFunction::new);
        end = env.function(EndSessionFunction::new);
        token = env.function(StreamTokenFunction::new);
        streamSide = env.newContext().start();
    }

    @AfterAll
    static void stop() {
        list.close();
        get.close();
        join.close();
        end.close();
        token.close();
        streamSide.close();
        client.close();
        env.close();
    }

    @BeforeEach
    void expressApp() {
        env.mongo().database().drop();
        source = client.getDatabase(env.mongo().databaseName() + "_express");
        source.drop();
        express = new ExpressAppDatabase(source);
        host = express.signUp("user_host", "Hana", "Host", "hana@example.com", "https://img.clerk.com/hana", T0);
        guest = express.signUp("user_guest", "Gus", "Guest", "gus@example.com", "https://img.clerk.com/gus", T0);
        // The Express app upserted every user in Stream when Clerk told it of the sign-up.
        env.stream().seedUser("user_host", "Hana Host", "https://img.clerk.com/hana");
        env.stream().seedUser("user_guest", "Gus Guest", "https://img.clerk.com/gus");
    }

    @AfterEach
    void dropSource() {
        source.drop();
        assertEquals(List.of(), env.streamViolations());
    }

    /** What the Express create route made in Stream before answering: the call and the channel, host as member. */
    private ObjectId createdInExpress(String title, Instant at) {
        ObjectId session = express.create(title, "easy", host, at);
        String callId = express.callIdOf(session);
        Deadline deadline = Deadline.after(Duration.ofSeconds(5));
        streamSide.getBean(StreamVideoClient.class).getOrCreateCall(callId, "user_host", List.of(),
                Map.of("problemTitle", title, "difficulty", "easy", "sessionId", session.toHexString()), false, deadline);
        streamSide.getBean(StreamChatClient.class).getOrCreateChannel(callId, "user_host", title + " session",
                List.of("user_host"), deadline);
        return session;
    }

    /** The Express join route: the participant on the document, then a member of the channel (nothing else in Stream). */
    private void joinedInExpress(ObjectId session, Instant at) {
        express.join(session, guest, at);
        streamSide.getBean(StreamChatClient.class).addChannelMembers(express.callIdOf(session), List.of("user_guest"),
                Deadline.after(Duration.ofSeconds(5)));
    }

    private MigrationSummary migrate() {
        return new ExpressMigration(source, env.mongo().database(), MIGRATION_CLOCK, ExpressMigration.Progress.NONE).run(false);
    }

    private JsonNode ok(APIGatewayV2HTTPResponse response) {
        assertEquals(200, response.getStatusCode(), response.getBody());
        return body(response);
    }

    @Test
    void activeSessionsListsTheMigratedOnesUnderTheirExpressIdsWithTheirPeople() {
        ObjectId session = createdInExpress("Two Sum", T0.plusSeconds(60));
        joinedInExpress(session, T0.plusSeconds(90));
        migrate();

        JsonNode sessions = ok(list.handleRequest(env.eventAs("list-active-sessions.json", "user_viewer"),
                lambdaContext("ListSessionsFunction"))).path("sessions");

        assertEquals(1, sessions.size());
        JsonNode shown = sessions.get(0);
        assertEquals(session.toHexString(), shown.path("_id").asText());
        assertEquals(host.toHexString(), shown.path("hostId").path("_id").asText());
        assertEquals("Hana Host", shown.path("hostId").path("name").asText());
        assertEquals("https://img.clerk.com/hana", shown.path("hostId").path("profileImageUrl").asText());
        assertEquals(guest.toHexString(), shown.path("participantId").path("_id").asText());
        assertEquals("user_guest", shown.path("participantId").path("clerkId").asText());
        assertEquals("2025-11-03T10:01:00.000Z", shown.path("createdAt").asText());
        assertFalse(shown.toString().contains("@example.com"));
    }

    @Test
    void recentSessionsListsTheCallersMigratedCompletedOnes() {
        ObjectId session = createdInExpress("Two Sum", T0);
        joinedInExpress(session, T0.plusSeconds(30));
        express.end(session, T0.plusSeconds(900));
        migrate();

        JsonNode sessions = ok(list.handleRequest(env.eventAs("list-recent-sessions.json", "user_guest"),
                lambdaContext("ListSessionsFunction"))).path("sessions");

        assertEquals(1, sessions.size());
        assertEquals(session.toHexString(), sessions.get(0).path("_id").asText());
        assertEquals("completed", sessions.get(0).path("status").asText());
        assertEquals("Hana Host", sessions.get(0).path("hostId").path("name").asText());
    }

    @Test
    void aLinkToAnExpressSessionStillOpensIt() {
        ObjectId session = createdInExpress("Two Sum", T0);
        migrate();

        JsonNode shown = ok(get.handleRequest(withSessionId(env.eventAs("get-session.json", "user_guest"), session.toHexString()),
                lambdaContext("GetSessionFunction"))).path("session");

        assertEquals(session.toHexString(), shown.path("_id").asText());
        assertEquals(express.callIdOf(session), shown.path("callId").asText());
        assertTrue(shown.path("participantId").isNull());
    }

    @Test
    void anInterviewGoingOnInExpressCanBeJoinedAndEndedHere() {
        ObjectId session = createdInExpress("Two Sum", T0);
        String callId = express.callIdOf(session);
        migrate();

        JsonNode joined = ok(join.handleRequest(withSessionId(env.eventAs("join-session.json", "user_guest"), session.toHexString()),
                lambdaContext("JoinSessionFunction"))).path("session");
        assertEquals("user_guest", joined.path("participantId").path("clerkId").asText());
        assertTrue(env.stream().channel(callId).orElseThrow().members().contains("user_guest"));

        JsonNode ended = ok(end.handleRequest(withSessionId(env.eventAs("end-session.json", "user_host"), session.toHexString()),
                lambdaContext("EndSessionFunction")));
        assertEquals("completed", ended.path("session").path("status").asText());
        StandInCall call = env.stream().call(callId).orElseThrow();
        assertTrue(call.ended() && call.deleted() && call.hardDeleted());
    }

    @Test
    void theFunctionsRunOnTheMigratedDatabaseWithoutAnIndexClash() {
        createdInExpress("Two Sum", T0);
        migrate();

        ok(token.handleRequest(env.eventAs("stream-token.json", "user_host"), lambdaContext("StreamTokenFunction")));
        ok(list.handleRequest(env.eventAs("list-active-sessions.json", "user_host"), lambdaContext("ListSessionsFunction")));

        List<String> userIndexes = new ArrayList<>();
        env.mongo().database().getCollection("users").listIndexes().forEach(i -> userIndexes.add(i.getString("name")));
        assertEquals(List.of("_id_", "clerkId_unique"), userIndexes);
        List<String> sourceIndexes = new ArrayList<>();
        express.users().listIndexes().forEach(i -> sourceIndexes.add(i.getString("name")));
        assertEquals(List.of("_id_", "clerkId_1", "email_1"), sourceIndexes);
    }

    @Test
    void aMigratedJoinIsNotDoneAgainByTheCleanup() {
        ObjectId session = createdInExpress("Two Sum", T0);
        joinedInExpress(session, T0.plusSeconds(30));
        migrate();
        // Somebody is in the call, so the cleanup does not expire the long-quiet session either.
        env.stream().connectParticipant(express.callIdOf(session), "user_guest", "conn-1");
        int before = env.stream().requests("UpdateChannel").size() + env.stream().requests("UpdateCallMembers").size();

        env.runCleanup(Duration.ZERO);

        assertEquals(before, env.stream().requests("UpdateChannel").size() + env.stream().requests("UpdateCallMembers").size());
        assertEquals("active", env.mongo().database().getCollection("sessions")
                .find(new Document("_id", session)).first().getString("status"));
    }
}
