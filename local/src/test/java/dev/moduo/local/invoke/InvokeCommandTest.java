package dev.moduo.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.RunnerJar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code invoke} in this JVM through its seam (standard input, output and error given; the exit status returned),
 * with the embedded defaults, on the repository's template and sample events.
 */
class InvokeCommandTest {

    /** Blank values hide this machine's settings, so the embedded defaults start. */
    private static final Map<String, String> EMBEDDED = RunnerJar.SETTINGS.stream()
            .collect(Collectors.toMap(Function.identity(), name -> ""));
    private static final String TEMPLATE = "../template.yaml";

    private record Invoked(int exit, JsonNode response, List<String> err) {
        int status() {
            return response.get("statusCode").asInt();
        }

        String message() throws IOException {
            return LocalJson.MAPPER.readTree(response.get("body").asText()).get("message").asText();
        }
    }

    private static Invoked invoke(byte[] stdin, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> err = new ArrayList<>();
        int exit = new InvokeCommand(EMBEDDED, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                err::add).run(args);
        return new Invoked(exit, LocalJson.MAPPER.readTree(out.toByteArray()), err);
    }

    private static String generate(String... args) {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>(List.of("http", "--template", TEMPLATE));
        all.addAll(List.of(args));
        int exit = new GenerateEventCommand(Map.of(), out::add, line -> { }, Clock.systemUTC()).run(all.toArray(String[]::new));
        assertEquals(GenerateEventCommand.GENERATED, exit);
        return String.join("\n", out);
    }

    @Test
    void aSessionIdThatDoesNotExistIsTheFunctions404AndExitsThree() throws IOException {
        Invoked invoked = invoke(new byte[0], "GetSessionFunction", "--event", "../events/get-session.json", "--template", TEMPLATE);

        assertEquals(InvokeCommand.HTTP_ERROR, invoked.exit(), invoked::toString);
        assertEquals(404, invoked.status());
        assertEquals("Session not found", invoked.message());
    }

    @Test
    void aGeneratedClerkWebhookIsVerifiedWithTheKnownDevelopmentSecretAndSavesTheUser() throws IOException {
        String event = generate("--method", "POST", "--path", "/api/webhooks/clerk", "--user", "user_ada", "--name", "Ada Lovelace");

        Invoked invoked = invoke(event.getBytes(StandardCharsets.UTF_8), "ClerkWebhookFunction", "--event", "-", "--template", TEMPLATE);

        assertEquals(InvokeCommand.SUCCEEDED, invoked.exit(), invoked::toString);
        assertEquals(200, invoked.status());
        assertEquals("User user_ada saved", invoked.message());
    }

    @Test
    void aClerkWebhookChangedAfterSigningIsRefusedByTheFunction() throws IOException {
        ObjectNode event = (ObjectNode) LocalJson.MAPPER.readTree(generate("--method", "POST", "--path", "/api/webhooks/clerk",
                "--user", "user_ada"));
        event.put("body", event.get("body").asText().replace("user_ada", "user_eve"));

        Invoked invoked = invoke(LocalJson.bytes(event), "ClerkWebhookFunction", "--event", "-", "--template", TEMPLATE);

        assertEquals(InvokeCommand.HTTP_ERROR, invoked.exit(), invoked::toString);
        assertEquals(401, invoked.status());
    }

    @Test
    void aGeneratedStreamWebhookIsVerifiedByTheFunction() throws IOException {
        String event = generate("--method", "POST", "--path", "/api/webhooks/stream", "--body",
                "{\"type\":\"call.ended\",\"created_at\":\"2026-11-26T10:00:00Z\",\"call_cid\":\"default:no-such-call\"}");

        Invoked invoked = invoke(event.getBytes(StandardCharsets.UTF_8), "StreamWebhookFunction", "--event", "-", "--template", TEMPLATE);

        assertEquals(InvokeCommand.SUCCEEDED, invoked.exit(), invoked::toString);
        assertEquals(200, invoked.status());
        assertTrue(invoked.message().startsWith("Ignored"), invoked.message());
    }

    @Test
    void theSampleScheduledEventRunsTheCleanupWhoseSummaryIsTheResponse() throws IOException {
        Invoked invoked = invoke(new byte[0], "CleanupStaleSessionsFunction", "--event", "../events/cleanup-stale-sessions.json",
                "--template", TEMPLATE);

        assertEquals(InvokeCommand.SUCCEEDED, invoked.exit(), invoked::toString);
        assertTrue(invoked.response().get("runId").asText().startsWith("cleanup:"), invoked.response()::toString);
        assertEquals(0, invoked.response().get("failed").asInt());
    }

    @Test
    void anEventThatIsNotJsonInvokesNothingAndExitsTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> err = new ArrayList<>();

        int exit = new InvokeCommand(EMBEDDED, new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), err::add)
                .run(new String[] {"CreateSessionFunction", "--event", "-", "--template", TEMPLATE});

        assertEquals(InvokeCommand.NOT_RUN, exit);
        assertEquals(0, out.size());
        assertTrue(err.get(0).startsWith("The event on standard input is not JSON: "), err::toString);
    }
}
