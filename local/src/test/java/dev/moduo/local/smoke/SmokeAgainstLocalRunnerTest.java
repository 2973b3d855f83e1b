package dev.moduo.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The smoke command against the real local runner (the functions AWS runs, embedded services): it all passes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeAgainstLocalRunnerTest {

    private static final List<String> STEPS = List.of("unauthenticated", "create", "get", "join", "rejoin", "host-join",
            "token", "end", "ended", "recent-host", "recent-guest");
    private static final Pattern SESSION_ID = Pattern.compile("session ([0-9a-f]{24}) created and ended");

    private LocalRunnerForSmoke runner;

    @BeforeAll
    void startRunner() {
        runner = new LocalRunnerForSmoke(LocalRunnerForSmoke.EMBEDDED);
    }

    @AfterAll
    void stopRunner() {
        runner.close();
    }

    private SmokeRun walk(String hostToken, String guestToken) {
        return SmokeRun.against(runner.baseUrl(), hostToken, guestToken);
    }

    @Test
    void everyStepPassesAndTheRunExitsZero() {
        SmokeRun run = walk(runner.devToken(LocalRunnerForSmoke.user("host"), "Hana Host"),
                runner.devToken(LocalRunnerForSmoke.user("guest"), "Gil Guest"));

        assertEquals(SmokeCommand.PASSED, run.exit(), run::toString);
        assertEquals(STEPS.size(), run.steps().size(), run::toString);
        for (int i = 0; i < STEPS.size(); i++) {
            assertTrue(run.steps().get(i).matches("PASS  " + STEPS.get(i) + " +\\d{3} +\\d+ ms  .*"), run.steps().get(i));
        }
        assertTrue(run.last().startsWith("Smoke test passed: 11 steps in "), run::toString);
    }

    @Test
    void theSessionItCreatedIsCompletedAfterwards() throws IOException {
        String guestToken = runner.devToken(LocalRunnerForSmoke.user("guest"), "Gil Guest");
        SmokeRun run = walk(runner.devToken(LocalRunnerForSmoke.user("host"), "Hana Host"), guestToken);
        Matcher id = SESSION_ID.matcher(run.last());
        assertTrue(id.find(), run::toString);

        HttpResponse<String> session = runner.get("/api/sessions/" + id.group(1), guestToken);

        assertEquals(200, session.statusCode(), session::body);
        JsonNode body = LocalJson.MAPPER.readTree(session.body());
        assertEquals("completed", body.get("session").get("status").asText());
    }

    @Test
    void tokensNeverAppearInWhatItPrints() {
        String hostToken = runner.devToken(LocalRunnerForSmoke.user("host"), "Hana Host");
        String guestToken = runner.devToken(LocalRunnerForSmoke.user("guest"), "Gil Guest");

        SmokeRun run = walk(hostToken, guestToken);

        String printed = run.toString();
        for (String token : List.of(hostToken, guestToken)) {
            // Any of the three parts would do: the signature is what makes it a credential.
            for (String part : token.split("\\.")) {
                assertFalse(printed.contains(part), "a token part was printed:\n" + printed);
            }
        }
    }
}
