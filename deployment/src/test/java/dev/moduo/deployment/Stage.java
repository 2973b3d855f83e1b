package dev.moduo.deployment;

import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static dev.moduo.testing.FunctionTestEnvironment.withoutAuthorization;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a scenario runs against: the function that template.yaml routes one route to, built in one
 * test environment, with that route's sample event from events/ as the starting point of requests.
 */
final class Stage {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final String route;
    private final String logicalId;
    private final String fixture;
    private final FunctionTestEnvironment env;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private int streamRequestsByFunction;

    Stage(String route, String logicalId, String fixture, FunctionTestEnvironment env,
          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.route = route;
        this.logicalId = logicalId;
        this.fixture = fixture;
        this.env = env;
        this.handler = handler;
    }

    String route() {
        return route;
    }

    String logicalId() {
        return logicalId;
    }

    FunctionTestEnvironment env() {
        return env;
    }

    /** A user id nobody used before, so no scenario depends on what another one left behind. */
    static String newUser() {
        return "user_scenario" + USERS.incrementAndGet();
    }

    /** The route's sample event, sent by {@code userId} with a valid Clerk token. */
    APIGatewayV2HTTPEvent request(String userId) {
        return env.eventAs(fixture, userId);
    }

    /** The same, for the session {@code sessionId} (routes with {sessionId} in their path). */
    APIGatewayV2HTTPEvent request(String userId, String sessionId) {
        return withSessionId(request(userId), sessionId);
    }

    /** The route's sample event without any Authorization header. */
    APIGatewayV2HTTPEvent anonymous() {
        return withoutAuthorization(FunctionTestEnvironment.event(fixture));
    }

    /** The sample event as stored, for routes that do not authenticate with a Clerk token. */
    APIGatewayV2HTTPEvent sample() {
        return FunctionTestEnvironment.event(fixture);
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        int before = env.stream().requests().size();
        try {
            return handler.handleRequest(event, FunctionTestEnvironment.lambdaContext(logicalId));
        } finally {
            streamRequestsByFunction += env.stream().requests().size() - before;
        }
    }

    /** Requests the Stream stand-in received while the function ran (not while a scenario seeded data). */
    int streamRequestsByFunction() {
        return streamRequestsByFunction;
    }
}
