package dev.moduo.functions.create;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.http.ErrorMapper;
import dev.moduo.lambda.ApiFunction;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.user.UserRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/sessions under the per-user limit (3 an hour here), on a clock the test moves. */
class CreateSessionLimitTest {

    private static final String VALID = "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}";
    private static final int LIMIT = 3;

    private FunctionTestEnvironment env;
    /** Half past ten: the hour's window ends in 30 minutes. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:30:00Z"));
    private CreateSessionFunction function;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment().set("SESSION_CREATE_LIMIT", Integer.toString(LIMIT));
        function = new CreateSessionFunction(env.newContext(clock));
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse create(CreateSessionFunction on, String userId) {
        return on.handleRequest(withBody(env.eventAs("create-session.json", userId), VALID), lambdaContext("CreateSessionFunction"));
    }

    private long sessionsOf(String userId) {
        return env.mongo().database().getCollection("sessions").countDocuments(new Document("hostId", userId));
    }

    private static String retryAfter(APIGatewayV2HTTPResponse response) {
        return response.getHeaders().get(ErrorMapper.RETRY_AFTER);
    }

    /** Every document as {@link FunctionTestEnvironment#allDocuments} shows it, but the users' request counts. */
    private static List<String> withoutCounts(List<String> documents) {
        List<String> result = new ArrayList<>();
        for (String document : documents) {
            if (document.startsWith(UserRepository.COLLECTION + " ")) {
                Document user = Document.parse(document.substring(document.indexOf(' ') + 1));
                user.remove(UserRepository.LIMITS);
                document = UserRepository.COLLECTION + " " + user.toJson();
            }
            result.add(document);
        }
        return result;
    }

    @Test
    void ofABurstOfTwelveExactlyTheLimitIsCreatedAndTheRestGet429WithRetryAfter() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(pool.submit(() -> {
                go.await();
                return create(function, "user_burst");
            }));
        }
        go.countDown();
        int created = 0;
        int limited = 0;
        for (Future<APIGatewayV2HTTPResponse> response : burst) {
            APIGatewayV2HTTPResponse answer = response.get();
            if (answer.getStatusCode() == 201) {
                created++;
            } else {
                assertEquals(429, answer.getStatusCode(), answer.getBody());
                assertEquals("1800", retryAfter(answer));
                assertEquals("Too many sessions created: at most 3 per hour. Retry in 1800 seconds.",
                        body(answer).path("message").asText());
                limited++;
            }
        }
        pool.shutdown();
        assertEquals(LIMIT, created);
        assertEquals(12 - LIMIT, limited);
        assertEquals(LIMIT, sessionsOf("user_burst"));
        assertEquals(LIMIT, env.stream().requests("GetOrCreateCall").size());
    }

    @Test
    void anotherUserCreatesAllTheyMayDuringOneUsersBurst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> quiet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pool.submit(() -> {
                go.await();
                return create(function, "user_noisy").getStatusCode();
            });
        }
        for (int i = 0; i < LIMIT; i++) {
            quiet.add(pool.submit(() -> {
                go.await();
                return create(function, "user_quiet").getStatusCode();
            }));
        }
        go.countDown();
        for (Future<Integer> status : quiet) {
            assertEquals(201, status.get());
        }
        pool.shutdown();
    }

    @Test
    void aRefusedCreateChangesNothingAndCallsNoStream() {
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(201, create(function, "user_a").getStatusCode());
        }
        List<String> before = withoutCounts(env.allDocuments());
        int streamRequests = env.stream().requests().size();

        assertEquals(429, create(function, "user_a").getStatusCode());

        assertEquals(before, withoutCounts(env.allDocuments()));
        assertEquals(streamRequests, env.stream().requests().size());
    }

    @Test
    void theLimitAppliesAfreshWhenTheHourIsOver() {
        for (int i = 0; i < LIMIT; i++) {
            create(function, "user_a");
        }
        assertEquals(429, create(function, "user_a").getStatusCode());
        clock.advance(Duration.ofMinutes(30));
        assertEquals(201, create(function, "user_a").getStatusCode());
    }

    @Test
    void theCountSurvivesAColdStart() {
        for (int i = 0; i < LIMIT; i++) {
            create(function, "user_a");
        }
        try (CreateSessionFunction coldStarted = new CreateSessionFunction(env.newContext(clock))) {
            assertEquals(429, create(coldStarted, "user_a").getStatusCode());
        }
    }

    @Test
    void withMongoDbDownTheLimiterAnswers503Fast() {
        create(function, "user_warm");
        env.mongo().stop();
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = create(function, "user_a");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        env.mongo().restart();

        assertEquals(503, response.getStatusCode());
        assertEquals(ErrorMapper.DATABASE_UNAVAILABLE, body(response).path("message").asText());
        assertTrue(took.compareTo(ApiFunction.REQUEST_BUDGET) < 0, "took " + took);
        assertEquals(1, env.stream().requests("GetOrCreateCall").size(), "no Stream call for the refused request");
    }
}
