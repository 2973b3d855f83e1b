package dev.moduo.functions.token;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.http.ErrorMapper;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/chats/token under the per-user limit (2 an hour here). */
class StreamTokenLimitTest {

    private FunctionTestEnvironment env;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private StreamTokenFunction function;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment().set("STREAM_TOKEN_LIMIT", "2");
        function = new StreamTokenFunction(env.newContext(clock));
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse token(String userId) {
        return function.handleRequest(env.eventAs("stream-token.json", userId), lambdaContext("StreamTokenFunction"));
    }

    @Test
    void theTokenAfterTheLimitIs429WithRetryAfterAndTheNextHourIssuesAgain() {
        assertEquals(200, token("user_a").getStatusCode());
        assertEquals(200, token("user_a").getStatusCode());

        APIGatewayV2HTTPResponse limited = token("user_a");
        assertEquals(429, limited.getStatusCode());
        assertEquals("3600", limited.getHeaders().get(ErrorMapper.RETRY_AFTER));
        assertEquals("Too many chat tokens fetched: at most 2 per hour. Retry in 3600 seconds.", body(limited).path("message").asText());

        clock.advance(Duration.ofHours(1));
        assertEquals(200, token("user_a").getStatusCode());
    }

    @Test
    void anotherUserGetsTokensWhileOneIsLimited() {
        token("user_a");
        token("user_a");
        assertEquals(429, token("user_a").getStatusCode());
        assertEquals(200, token("user_b").getStatusCode());
    }
}
