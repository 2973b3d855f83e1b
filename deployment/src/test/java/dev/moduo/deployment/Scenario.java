package dev.moduo.deployment;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;

/** One way to make the function behind a route answer one status, named for what it does. */
record Scenario(String name, Condition condition, Function<Stage, APIGatewayV2HTTPResponse> run) {

    enum Condition {
        /** MongoDB, the Stream stand-in and the Clerk issuer all answer (faults may still be injected). */
        HEALTHY,
        /** The function was built while MongoDB was up (a warm function), then MongoDB went away. */
        DATABASE_DOWN
    }

    APIGatewayV2HTTPResponse runOn(Stage stage) {
        return run.apply(stage);
    }
}
