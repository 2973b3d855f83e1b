package dev.moduo.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The smoke command against a deployment that is right everywhere but one answer: the real local runner
 * behind a proxy that changes that answer. The run must fail at exactly that step, and say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeWrongAnswerTest {

    private LocalRunnerForSmoke runner;
    private TamperingProxy proxy;

    @BeforeAll
    void start() {
        runner = new LocalRunnerForSmoke(LocalRunnerForSmoke.EMBEDDED);
        proxy = new TamperingProxy(runner.baseUrl());
    }

    @AfterEach
    void answerTruthfully() {
        proxy.tamper(exchange -> exchange);
    }

    @AfterAll
    void stop() {
        proxy.close();
        runner.close();
    }

    private SmokeRun walk() {
        return SmokeRun.against(proxy.baseUrl(), runner.devToken(LocalRunnerForSmoke.user("host"), "Hana Host"),
                runner.devToken(LocalRunnerForSmoke.user("guest"), "Gil Guest"));
    }

    private static boolean is(TamperingProxy.Exchange exchange, String method, String pathPattern) {
        return exchange.method().equals(method) && exchange.path().matches(pathPattern);
    }

    private static ObjectNode json(TamperingProxy.Exchange exchange) {
        try {
            return (ObjectNode) LocalJson.MAPPER.readTree(exchange.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRedirectToSignInInsteadOf401FailsAtUnauthenticated() {
        // What the Express backend did (its defect 5).
        proxy.tamper(exchange -> exchange.authorization() == null
                ? exchange.withStatus(302).withHeaders(Map.of("location", "/sign-in")).withBody(new byte[0])
                : exchange);

        SmokeRun run = walk();

        assertEquals(SmokeCommand.FAILED, run.exit(), run::toString);
        assertTrue(run.step("unauthenticated").matches("FAIL  unauthenticated +302 .*: expected 401, got 302 \\(empty body\\)"),
                run::toString);
        assertTrue(run.last().startsWith("Smoke test FAILED at step unauthenticated: "), run::toString);
    }

    @Test
    void aCreateAnswered200InsteadOf201FailsAtCreate() {
        proxy.tamper(exchange -> is(exchange, "POST", "/api/sessions") ? exchange.withStatus(200) : exchange);

        SmokeRun run = walk();

        assertEquals(SmokeCommand.FAILED, run.exit(), run::toString);
        assertTrue(run.step("create").matches("FAIL  create +200 .*: expected 201, got 200 \\(\\d+ bytes of application/json.*\\).*"),
                run::toString);
        assertTrue(run.last().startsWith("Smoke test FAILED at step create: expected 201, got 200"), run::toString);
    }

    @Test
    void aSessionThatChangesBeforeAnyoneJoinedFailsAtGet() {
        proxy.tamper(exchange -> is(exchange, "GET", "/api/sessions/[0-9a-f]{24}")
                ? exchange.withBody(LocalJson.bytes(bumpUpdatedAt(json(exchange))))
                : exchange);

        SmokeRun run = walk();

        assertEquals(SmokeCommand.FAILED, run.exit(), run::toString);
        assertTrue(run.step("get").matches("FAIL  get +200 .*: session\\.updatedAt is \"2031-01-01T00:00:00\\.000Z\","
                + " but create answered \".+\": an active session must stay still"), run::toString);
        assertTrue(run.last().startsWith("Smoke test FAILED at step get: "), run::toString);
    }

    private static ObjectNode bumpUpdatedAt(ObjectNode body) {
        ((ObjectNode) body.get("session")).put("updatedAt", "2031-01-01T00:00:00.000Z");
        return body;
    }

    @Test
    void aTokenAnswerWithoutTheApiKeyFailsAtToken() {
        proxy.tamper(exchange -> is(exchange, "GET", "/api/chats/token")
                ? exchange.withBody(LocalJson.bytes(json(exchange).without("apiKey")))
                : exchange);

        SmokeRun run = walk();

        assertEquals(SmokeCommand.FAILED, run.exit(), run::toString);
        assertTrue(run.step("token").matches("FAIL  token +200 .*: apiKey is missing"), run::toString);
        assertTrue(run.last().startsWith("Smoke test FAILED at step token: apiKey is missing"), run::toString);
    }
}
