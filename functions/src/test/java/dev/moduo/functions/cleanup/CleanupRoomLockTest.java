package dev.moduo.functions.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cleanup's first run in an environment sets the Stream app up for the room lock; later runs leave it alone. */
class CleanupRoomLockTest {

    private FunctionTestEnvironment env;
    private CleanupStaleSessionsFunction function;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
        function = new CleanupStaleSessionsFunction(env.newContextLater(Duration.ofHours(3)));
    }

    @AfterEach
    void stop() {
        function.close();
        env.close();
    }

    private static TestLambdaContext lambda() {
        return new TestLambdaContext("CleanupStaleSessionsFunction", 60_000);
    }

    @Test
    void firstRunLocksTheStreamApp() {
        function.handleRequest(new HashMap<>(), lambda());

        assertFalse(env.stream().callTypeGrants().get("user").contains("join-call"));
        assertFalse(env.stream().messagingGrants().get("user").contains("create-channel"));
        assertTrue(env.stream().guestUserCreationDisabled());
    }

    @Test
    void laterRunsInTheSameEnvironmentDoNotAskStreamAgain() {
        function.handleRequest(new HashMap<>(), lambda());
        function.handleRequest(new HashMap<>(), lambda());

        assertEquals(1, env.stream().requests("GetCallType").size());
    }

    @Test
    void streamFailingTheLockDoesNotStopTheCleanupAndTheNextRunLocks() {
        SessionView stale = env.seedSession("user_host", "Two Sum");
        env.stream().failNext("GetCallType", Fault.status(403, 17, "not allowed"), 1);

        assertEquals(1, function.handleRequest(new HashMap<>(), lambda()).get("ended"));
        assertTrue(env.stream().callTypeGrants().get("user").contains("join-call"));

        function.handleRequest(new HashMap<>(), lambda());
        assertFalse(env.stream().callTypeGrants().get("user").contains("join-call"));
    }
}
