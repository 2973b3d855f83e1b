package dev.moduo.user;

import static dev.moduo.testing.FunctionTestEnvironment.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.moduo.chat.ChatTokenService;
import dev.moduo.core.Deadline;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.session.Difficulty;
import dev.moduo.session.NewSession;
import dev.moduo.session.PageRequest;
import dev.moduo.session.SessionPage;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.webhook.ClerkUserSync;
import dev.moduo.webhook.WebhookOutcome;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moduo on a database the Express app made (audit W3): its Mongoose {@code User} model left the unique
 * indexes {@code clerkId_1} and {@code email_1} (not sparse) on {@code users}. Default Clerk session tokens
 * carry no e-mail, so every token-made profile has none, which that {@code email_1} allows only once.
 */
class ExpressAppDatabaseTest {

    private static FunctionTestEnvironment env;
    private static ApplicationContext context;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        MongoCollection<Document> users = env.mongo().database().getCollection(UserRepository.COLLECTION);
        users.createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_1"));
        users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_1"));
        context = env.newContext().start();
    }

    @AfterAll
    static void stop() {
        context.close();
        env.close();
    }

    @BeforeEach
    void clean() {
        env.mongo().database().getCollection(UserRepository.COLLECTION).deleteMany(new Document());
        env.mongo().database().getCollection("sessions").deleteMany(new Document());
        EventLog.redirectForTests(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        EventLog.redirectForTests(System.out);
        assertEquals(List.of(), env.streamViolations());
    }

    @Test
    void twoUsersWithoutAnEmailEachCreateASession() {
        SessionView first = create("user_first");
        SessionView second = create("user_second");

        assertEquals("user_first", first.host().clerkId());
        assertEquals("user_second", second.host().clerkId());
    }

    @Test
    void theSessionsOfBothAreListed() {
        String first = create("user_first").id();
        String second = create("user_second").id();

        SessionPage page = context.getBean(SessionService.class).listActive(PageRequest.parse(Optional.empty(), Optional.empty()));

        assertEquals(List.of(second, first), page.sessions().stream().map(SessionView::id).toList());
    }

    @Test
    void twoUsersWithoutAnEmailEachGetAStreamToken() {
        ChatTokenService tokens = context.getBean(ChatTokenService.class);

        Map<String, Object> first = tokens.issue(caller("user_first"), deadline());
        Map<String, Object> second = tokens.issue(caller("user_second"), deadline());

        assertEquals("user_first", first.get("userClerkId"));
        assertEquals("user_second", second.get("userClerkId"));
        assertFalse(String.valueOf(second.get("streamToken")).isBlank());
    }

    @Test
    void theProfileTheEmailIndexRefusesIsNotStoredAndTheLogSaysWhichIndexRefusedIt() {
        create("user_first");
        create("user_second");

        assertEquals(List.of("user_first"), storedClerkIds());
        JsonNode line = logLine("UserRepository");
        assertTrue(line.path("message").asText().startsWith("Profile from the session token not stored"), line.toString());
        assertEquals("user_second", line.path("clerkId").asText());
        assertEquals("email_1", line.path("index").asText());
        assertEquals(11000, line.path("code").asInt());
    }

    @Test
    void noSecondIndexIsMadeOnTheKeysMongooseIndexed() {
        create("user_first");

        List<String> names = new ArrayList<>();
        env.mongo().database().getCollection(UserRepository.COLLECTION).listIndexes().forEach(index -> names.add(index.getString("name")));
        assertEquals(List.of("_id_", "clerkId_1", "email_1"), names);
    }

    @Test
    void aWebhookProfileWhoseAddressAnotherRecordHoldsIsAnsweredAsRefusedAndTheLogLeavesTheAddressOut() {
        ClerkUserSync sync = context.getBean(ClerkUserSync.class);
        sync.apply(userCreated("user_ada", "ada@example.com"), deadline());

        WebhookOutcome outcome = sync.apply(userCreated("user_other", "ada@example.com"), deadline());

        assertFalse(outcome.changed());
        assertEquals("Ignored: the profile of user user_other was refused by a unique index of the users collection",
                outcome.message());
        assertEquals(List.of("user_ada"), storedClerkIds());
        JsonNode line = logLine("UserRepository");
        assertEquals("email_1", line.path("index").asText());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("ada@example.com"));
    }

    private static SessionView create(String hostId) {
        return context.getBean(SessionService.class).create(caller(hostId),
                new NewSession("Two Sum", Difficulty.EASY), deadline()).session();
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(9));
    }

    private static List<String> storedClerkIds() {
        List<String> ids = new ArrayList<>();
        env.mongo().database().getCollection(UserRepository.COLLECTION).find().forEach(user -> ids.add(user.getString("clerkId")));
        return ids;
    }

    private JsonNode logLine(String function) {
        for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode json;
            try {
                json = Json.read(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                continue;
            }
            if (function.equals(json.path("function").asText())) {
                return json;
            }
        }
        throw new AssertionError("No log line of " + function + " in:\n" + log.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode userCreated(String userId, String email) {
        ObjectNode data = Json.object().put("id", userId).put("object", "user").put("first_name", "Ada").putNull("last_name")
                .putNull("username").put("image_url", "https://img.clerk.com/" + userId)
                .put("primary_email_address_id", "idn_1").put("updated_at", 1_000L);
        data.putArray("email_addresses").add(Json.object().put("id", "idn_1").put("object", "email_address")
                .put("email_address", email));
        ObjectNode event = Json.object().put("type", "user.created").put("object", "event");
        event.set("data", data);
        return event;
    }
}
