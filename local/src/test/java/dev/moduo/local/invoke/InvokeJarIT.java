package dev.moduo.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.RunnerJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code invoke} and {@code generate-event} as a user runs them: {@code java -jar local/target/moduo-local.jar}
 * from the repository root, with no Moduo setting in the environment, so the embedded defaults answer. What only
 * a process shows is here (its standard output and error, its exit status, a pipe between two commands); the
 * other outcomes are {@link InvokeCommandTest}'s, in this JVM, where a run costs no JVM start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeJarIT {

    private static final Path ROOT = RunnerJar.repositoryRoot();

    /** The README's example. */
    private RunnerJar.Run createSession;

    @BeforeAll
    void invokeTheReadmesExample() {
        createSession = RunnerJar.run(ROOT, "invoke", "CreateSessionFunction", "--event", "events/create-session.json");
    }

    @Test
    void theSampleCreateEventCreatesASessionForTheDefaultUserAndExitsZero() throws IOException {
        assertEquals(InvokeCommand.SUCCEEDED, createSession.exit(), createSession::toString);
        JsonNode response = LocalJson.MAPPER.readTree(createSession.stdout());
        assertEquals(201, response.get("statusCode").asInt(), createSession::toString);
        JsonNode session = LocalJson.MAPPER.readTree(response.get("body").asText()).get("session");
        assertEquals("Two Sum", session.get("problemTitle").asText());
        assertEquals(EventCredentials.DEFAULT_USER, session.get("hostId").get("clerkId").asText());
    }

    @Test
    void theFunctionsLogLinesAndTheReportGoToStandardErrorNotBesideTheResponse() {
        assertTrue(createSession.stdout().strip().lines().count() == 1, createSession::toString);
        assertTrue(createSession.stderr().lines().anyMatch(line -> line.startsWith("{") && line.contains("\"function\":\"CreateSessionFunction\"")
                && line.contains("\"status\":201")), createSession::toString);
        assertTrue(createSession.stderr().lines().anyMatch(line -> line.startsWith("REPORT RequestId: ")), createSession::toString);
        assertTrue(createSession.stderr().contains("is replaced by a development token for user_local"), createSession::toString);
    }

    @Test
    void anEventTheHandlerCannotReadIsAFunctionErrorAndExitsOne() throws IOException {
        RunnerJar.Run run = RunnerJar.run(ROOT, Map.of(), "[]".getBytes(StandardCharsets.UTF_8),
                "invoke", "CreateSessionFunction", "--event", "-");

        assertEquals(InvokeCommand.FUNCTION_ERROR, run.exit(), run::toString);
        JsonNode error = LocalJson.MAPPER.readTree(run.stdout());
        assertTrue(error.get("errorMessage").asText().contains("APIGatewayV2HTTPEvent"), run::toString);
    }

    @Test
    void anUnknownFunctionInvokesNothingAndExitsTwoNamingTheTemplatesFunctions() {
        RunnerJar.Run run = RunnerJar.run(ROOT, "invoke", "NoSuchFunction");

        assertEquals(InvokeCommand.NOT_RUN, run.exit(), run::toString);
        assertTrue(run.stderr().startsWith("No function NoSuchFunction in template.yaml; its functions: CreateSessionFunction,"),
                run::toString);
        assertEquals("", run.stdout());
    }

    @Test
    void aGeneratedHttpEventPipedIntoInvokeCreatesTheSessionAsItsUser() throws IOException {
        RunnerJar.Run generated = RunnerJar.run(ROOT, "generate-event", "http", "--method", "POST", "--path", "/api/sessions",
                "--body", "{\"problemTitle\":\"Piped\",\"difficulty\":\"medium\"}", "--user", "user_piped");
        assertEquals(GenerateEventCommand.GENERATED, generated.exit(), generated::toString);

        RunnerJar.Run run = RunnerJar.run(ROOT, Map.of(), generated.stdout().getBytes(StandardCharsets.UTF_8),
                "invoke", "CreateSessionFunction", "--event", "-");

        assertEquals(InvokeCommand.SUCCEEDED, run.exit(), run::toString);
        JsonNode body = LocalJson.MAPPER.readTree(LocalJson.MAPPER.readTree(run.stdout()).get("body").asText());
        assertEquals("Piped", body.get("session").get("problemTitle").asText());
        assertEquals("user_piped", body.get("session").get("hostId").get("clerkId").asText());
    }

}
