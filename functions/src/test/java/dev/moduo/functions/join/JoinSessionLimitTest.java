package dev.moduo.functions.join;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.http.ErrorMapper;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/sessions/{id}/join under the per-user limit (4 an hour here): a reload rejoins, and counts. */
class JoinSessionLimitTest {

    private static final int LIMIT = 4;

    private FunctionTestEnvironment env;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:59:50Z"));
    private JoinSessionFunction function;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment().set("SESSION_JOIN_LIMIT", Integer.toString(LIMIT));
        function = new JoinSessionFunction(env.newContext(clock));
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse join(String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("join-session.json", userId), sessionId),
                lambdaContext("JoinSessionFunction"));
    }

    @Test
    void ofABurstOfRejoinsExactlyTheLimitIsAnsweredAndTheRestGet429() throws Exception {
        SessionView session = env.seedSession("user_host", "Two Sum", clock);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(pool.submit(() -> {
                go.await();
                return join(session.id(), "user_guest");
            }));
        }
        go.countDown();
        int joined = 0;
        for (Future<APIGatewayV2HTTPResponse> response : burst) {
            APIGatewayV2HTTPResponse answer = response.get();
            if (answer.getStatusCode() == 200) {
                joined++;
            } else {
                assertEquals(429, answer.getStatusCode(), answer.getBody());
                assertEquals("10", answer.getHeaders().get(ErrorMapper.RETRY_AFTER));
                assertEquals("Too many session joins: at most 4 per hour. Retry in 10 seconds.", body(answer).path("message").asText());
            }
        }
        pool.shutdown();
        assertEquals(LIMIT, joined);
    }

    @Test
    void refusedJoinsCountTowardsTheLimit() {
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(404, join(new ObjectId().toHexString(), "user_prober").getStatusCode());
        }
        SessionView session = env.seedSession("user_host", "Two Sum", clock);
        assertEquals(429, join(session.id(), "user_prober").getStatusCode());
    }

    @Test
    void aRefusedJoinTakesNoSeatAndCallsNoStream() {
        SessionView other = env.seedSession("user_host", "Two Sum", clock);
        for (int i = 0; i < LIMIT; i++) {
            join(new ObjectId().toHexString(), "user_guest");
        }
        int streamRequests = env.stream().requests().size();

        assertEquals(429, join(other.id(), "user_guest").getStatusCode());

        assertEquals(streamRequests, env.stream().requests().size());
        assertEquals(200, join(other.id(), "user_second").getStatusCode(), "the seat is still free");
    }
}
