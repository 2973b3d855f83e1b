package dev.moduo.functions;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mongodb.event.CommandListener;
import dev.moduo.functions.create.CreateSessionFunction;
import dev.moduo.functions.end.EndSessionFunction;
import dev.moduo.functions.get.GetSessionFunction;
import dev.moduo.functions.join.JoinSessionFunction;
import dev.moduo.functions.list.ListSessionsFunction;
import dev.moduo.functions.token.StreamTokenFunction;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.testing.MongoCommands;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB commands each route sends, as the driver reports them: every command is a round trip a user
 * waits for (a few ms to Atlas in the same region), so a new one must be a decision, not an accident. The
 * lists are exact; a change that adds or reorders a command turns this red.
 */
class MongoRoundTripsTest {

    private static final String NEW_SESSION = "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}";

    private static FunctionTestEnvironment env;
    private static final MongoCommands commands = new MongoCommands();
    private static CreateSessionFunction create;
    private static JoinSessionFunction join;
    private static EndSessionFunction end;
    private static GetSessionFunction get;
    private static ListSessionsFunction list;
    private static StreamTokenFunction token;
    private static int users;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        create = new CreateSessionFunction(context());
        join = new JoinSessionFunction(context());
        end = new EndSessionFunction(context());
        get = new GetSessionFunction(context());
        list = new ListSessionsFunction(context());
        token = new StreamTokenFunction(context());
        // Each collection's indexes are made on its first use in an environment, once: not a request's work.
        String warm = create(newUser());
        join(warm, newUser());
        end(warm, "user_1");
        commands.take();
    }

    /** A function's own context, as one execution environment has, with the command recorder beside its client. */
    private static ApplicationContext context() {
        ApplicationContext context = env.newContext();
        context.registerSingleton(CommandListener.class, commands);
        return context;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable function : List.<AutoCloseable>of(create, join, end, get, list, token)) {
            try {
                function.close();
            } catch (Exception ignored) {
                // closing the next one matters more
            }
        }
        env.close();
    }

    @BeforeEach
    void forgetArrangement() {
        commands.take();
    }

    private static String newUser() {
        return "user_" + (++users);
    }

    private static String create(String host) {
        APIGatewayV2HTTPResponse response = create.handleRequest(
                withBody(env.eventAs("create-session.json", host), NEW_SESSION), lambdaContext("CreateSessionFunction"));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return body(response).path("session").path("_id").asText();
    }

    private static void join(String sessionId, String userId) {
        APIGatewayV2HTTPResponse response = join.handleRequest(
                withSessionId(env.eventAs("join-session.json", userId), sessionId), lambdaContext("JoinSessionFunction"));
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    private static void end(String sessionId, String userId) {
        APIGatewayV2HTTPResponse response = end.handleRequest(
                withSessionId(env.eventAs("end-session.json", userId), sessionId), lambdaContext("EndSessionFunction"));
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    /** A user Stream already has (Clerk's webhook put them there, or an earlier request did). */
    private static String userKnownToStream() {
        String user = newUser();
        APIGatewayV2HTTPResponse response = token.handleRequest(env.eventAs("stream-token.json", user), lambdaContext("StreamTokenFunction"));
        assertEquals(200, response.getStatusCode());
        end(create(user), user);
        commands.take();
        return user;
    }

    @Test
    void createSendsThreeMongoCommandsTheLimitAndProfileInOne() {
        String host = userKnownToStream();

        create(host);

        assertEquals(List.of("findAndModify users", "insert sessions", "findAndModify sessions"), commands.take());
    }

    @Test
    void aHostsFirstCreateAddsOnlyTheRecordThatStreamHasThem() {
        create(newUser());

        assertEquals(List.of("findAndModify users", "insert sessions", "update users", "findAndModify sessions"),
                commands.take());
    }

    @Test
    void joinReadsOnlyTheHostsProfileBesideItsWrites() {
        String session = create(userKnownToStream());
        String participant = userKnownToStream();

        join(session, participant);

        assertEquals(List.of("findAndModify users", "findAndModify sessions", "update sessions", "find users"),
                commands.take());
    }

    @Test
    void joiningAgainFindsTheSeatTakenThenMineAndReadsOnlyTheHost() {
        String session = create(userKnownToStream());
        String participant = userKnownToStream();
        join(session, participant);
        commands.take();

        join(session, participant);

        assertEquals(List.of("findAndModify users", "findAndModify sessions", "findAndModify sessions", "find users"),
                commands.take());
    }

    @Test
    void endSendsThreeMongoCommandsWithoutReadingTheSessionFirst() {
        String host = userKnownToStream();
        String session = create(host);
        join(session, userKnownToStream());
        commands.take();

        end(session, host);

        assertEquals(List.of("findAndModify sessions", "update sessions", "find users"), commands.take());
    }

    @Test
    void tokenSendsOneMongoCommandTheLimitAndProfileInOne() {
        String user = userKnownToStream();

        token.handleRequest(env.eventAs("stream-token.json", user), lambdaContext("StreamTokenFunction"));

        assertEquals(List.of("findAndModify users"), commands.take());
    }

    @Test
    void getAndListReadTheSessionsThenTheirUsersOnce() {
        String host = userKnownToStream();
        String session = create(host);
        join(session, userKnownToStream());
        commands.take();

        get.handleRequest(withSessionId(env.eventAs("get-session.json", host), session), lambdaContext("GetSessionFunction"));
        list.handleRequest(env.eventAs("list-active-sessions.json", host), lambdaContext("ListSessionsFunction"));

        assertEquals(List.of("find sessions", "find users", "find sessions", "find users"), commands.take());
    }
}
