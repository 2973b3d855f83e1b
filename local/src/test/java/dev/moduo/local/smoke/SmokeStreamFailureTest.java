package dev.moduo.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.StreamStandIn;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The smoke command against the local runner given explicit services, as a deployment has: MongoDB over its
 * wire protocol, a Stream stand-in that refuses what a test tells it to, and Clerk tokens of 60 s with an
 * authorized party, as the real ones. A Stream refusal at join is a step whose answer is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeStreamFailureTest {

    private static final Pattern CREATED = Pattern.compile("session ([0-9a-f]{24}), call ");

    private final MongoTestServer mongo = new MongoTestServer();
    private final StreamStandIn stream = new StreamStandIn();
    private final ClerkTestIssuer clerk = new ClerkTestIssuer();
    private LocalRunnerForSmoke runner;

    @BeforeAll
    void startRunner() {
        Map<String, String> settings = new HashMap<>(LocalRunnerForSmoke.EMBEDDED);
        settings.putAll(stream.settings());
        settings.put("MONGODB_URI", mongo.uri());
        settings.put("MONGODB_DATABASE", mongo.databaseName());
        settings.put("CLERK_JWKS_URL", clerk.jwksUrl());
        settings.put("CLERK_AUTHORIZED_PARTIES", ClerkTestIssuer.AUTHORIZED_PARTY);
        runner = new LocalRunnerForSmoke(settings);
    }

    @AfterEach
    void healStream() {
        stream.clearFaults();
    }

    @AfterAll
    void stopAll() {
        runner.close();
        stream.close();
        clerk.close();
        mongo.close();
    }

    /** Stream refuses to add the guest to the session's channel, so the join cannot be completed. */
    private SmokeRun walkWithJoinRefusedByStream() {
        stream.failNext("UpdateChannel", Fault.status(403, 17, "UpdateChannel failed with error: \"not allowed\""), 10);
        return SmokeRun.against(runner.baseUrl(), clerk.tokenFor(LocalRunnerForSmoke.user("host")).claim("name", "Hana Host").build(),
                clerk.tokenFor(LocalRunnerForSmoke.user("guest")).claim("name", "Gil Guest").build());
    }

    @Test
    void aJoinThatFailsEndsTheRunWithTheJoinStepNamed() {
        SmokeRun run = walkWithJoinRefusedByStream();

        assertEquals(SmokeCommand.FAILED, run.exit(), run::toString);
        assertTrue(run.step("create").startsWith("PASS"), run::toString);
        assertTrue(run.step("get").startsWith("PASS"), run::toString);
        assertTrue(run.step("join").matches("FAIL  join +502 .*: expected 200, got 502 \\(message \".+\"\\)"), run::toString);
        for (String later : new String[] {"rejoin", "host-join", "token", "end", "ended", "recent-host", "recent-guest"}) {
            assertTrue(run.step(later).startsWith("SKIP  " + later + " "), run::toString);
        }
        assertTrue(run.last().startsWith("Smoke test FAILED at step join: expected 200, got 502"), run::toString);
    }

    @Test
    void aRunThatFailsStillEndsTheSessionItCreated() {
        SmokeRun run = walkWithJoinRefusedByStream();
        Matcher created = CREATED.matcher(run.step("create"));
        assertTrue(created.find(), run::toString);

        Document stored = mongo.database().getCollection("sessions")
                .find(new Document("_id", new ObjectId(created.group(1)))).first();

        assertTrue(run.step("cleanup").startsWith("PASS  cleanup  "), run::toString);
        assertEquals("completed", stored.getString("status"), stored::toJson);
        assertTrue(run.last().endsWith("; the session it created (" + created.group(1) + ") was ended"), run::toString);
    }
}
