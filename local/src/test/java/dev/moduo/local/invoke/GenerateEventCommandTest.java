package dev.moduo.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Refusal;
import dev.moduo.local.LocalJson;
import dev.moduo.local.embedded.KnownDevelopmentSecrets;
import dev.moduo.local.smoke.JwtParts;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.webhook.SvixVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events {@code generate-event} prints: their shape, and signatures the functions' own verifiers accept. */
class GenerateEventCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String TEMPLATE = "../template.yaml";

    private record Generated(int exit, JsonNode event, List<String> err) {
    }

    private static Generated generate(Map<String, String> environment, String... args) {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int exit = new GenerateEventCommand(environment, out::add, err::add, CLOCK).run(args);
        try {
            return new Generated(exit, out.isEmpty() ? null : LocalJson.MAPPER.readTree(String.join("\n", out)), err);
        } catch (IOException e) {
            throw new AssertionError(out.toString(), e);
        }
    }

    private static Generated http(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of("http", "--template", TEMPLATE));
        all.addAll(List.of(args));
        return generate(environment, all.toArray(String[]::new));
    }

    private static SvixVerifier svix(String secret) {
        return SvixVerifier.withSecret(secret, CLOCK);
    }

    private static byte[] body(JsonNode event) {
        return event.get("body").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static String header(JsonNode event, String name) {
        return event.get("headers").get(name).asText();
    }

    @Test
    void anHttpEventNamesTheTemplatesRouteAndItsPathParameters() {
        String id = "65a1b2c3d4e5f60718293a4b";

        Generated generated = http(Map.of(), "--method", "POST", "--path", "/api/sessions/" + id + "/join");

        assertEquals(GenerateEventCommand.GENERATED, generated.exit(), generated.err()::toString);
        JsonNode event = generated.event();
        assertEquals("2.0", event.get("version").asText());
        assertEquals("POST /api/sessions/{sessionId}/join", event.get("routeKey").asText());
        assertEquals(id, event.get("pathParameters").get("sessionId").asText());
        assertEquals("POST", event.get("requestContext").get("http").get("method").asText());
        assertEquals(NOW.toEpochMilli(), event.get("requestContext").get("timeEpoch").asLong());
    }

    @Test
    void aSessionRouteCarriesAFreshDevelopmentTokenForTheUser() {
        Generated generated = http(Map.of(), "--path", "/api/sessions/active", "--user", "user_gen");

        String authorization = header(generated.event(), "authorization");
        assertTrue(authorization.startsWith("Bearer "), authorization);
        JwtParts token = JwtParts.read(authorization.substring("Bearer ".length())).orElseThrow();
        assertEquals("user_gen", token.text("sub"));
        assertTrue(token.payload().get("exp").asLong() > Instant.now().getEpochSecond(), "a fresh token");
    }

    @Test
    void aClerkWebhookIsSignedWithTheKnownDevelopmentSecretWhenNoneIsGiven() throws IOException {
        Generated generated = http(Map.of(), "--method", "POST", "--path", "/api/webhooks/clerk", "--user", "user_ada",
                "--name", "Ada Lovelace");

        JsonNode event = generated.event();
        svix(KnownDevelopmentSecrets.CLERK_WEBHOOK_SECRET).verify(header(event, "svix-id"), header(event, "svix-timestamp"),
                header(event, "svix-signature"), body(event), Deadline.after(Duration.ofSeconds(5)));
        JsonNode user = LocalJson.MAPPER.readTree(body(event));
        assertEquals("user.created", user.get("type").asText());
        assertEquals("Ada", user.get("data").get("first_name").asText());
        assertTrue(event.get("headers").get("authorization") == null, "a webhook carries no Clerk token");
    }

    @Test
    void aClerkWebhookBodyChangedAfterSigningNoLongerVerifies() {
        JsonNode event = http(Map.of(), "--method", "POST", "--path", "/api/webhooks/clerk").event();
        byte[] changed = event.get("body").asText().replace("user_local", "user_evil").getBytes(StandardCharsets.UTF_8);

        assertThrows(Refusal.class, () -> svix(KnownDevelopmentSecrets.CLERK_WEBHOOK_SECRET).verify(header(event, "svix-id"),
                header(event, "svix-timestamp"), header(event, "svix-signature"), changed, Deadline.after(Duration.ofSeconds(5))));
    }

    @Test
    void aGivenClerkWebhookSecretSignsInsteadOfTheKnownOne() {
        String given = "whsec_" + java.util.Base64.getEncoder().encodeToString("a secret of the user's own".getBytes(StandardCharsets.US_ASCII));

        JsonNode event = http(Map.of("CLERK_WEBHOOK_SECRET", given), "--method", "POST", "--path", "/api/webhooks/clerk").event();

        svix(given).verify(header(event, "svix-id"), header(event, "svix-timestamp"), header(event, "svix-signature"),
                body(event), Deadline.after(Duration.ofSeconds(5)));
    }

    @Test
    void aStreamWebhookCarriesTheXSignatureOfItsBody() {
        String body = "{\"type\":\"call.ended\",\"call_cid\":\"default:abc\"}";

        JsonNode event = http(Map.of(), "--method", "POST", "--path", "/api/webhooks/stream", "--body", body).event();

        assertEquals(body, event.get("body").asText());
        assertEquals(StreamWebhookVerifier.sign(body.getBytes(StandardCharsets.UTF_8), KnownDevelopmentSecrets.STREAM_API_SECRET),
                header(event, "x-signature"));
        assertEquals("moduo-local", header(event, "x-api-key"));
    }

    @Test
    void aStreamWebhookWithoutABodyIsRefusedWithAnExample() {
        Generated generated = http(Map.of(), "--method", "POST", "--path", "/api/webhooks/stream");

        assertEquals(GenerateEventCommand.NOT_GENERATED, generated.exit());
        assertTrue(generated.err().get(0).startsWith("--body is required for /api/webhooks/stream"), generated.err()::toString);
    }

    @Test
    void aWebhookSecretOnlyInSecretsManagerCannotSignAndSaysSo() {
        Generated generated = http(Map.of("CLERK_WEBHOOK_SECRET_ID", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"),
                "--method", "POST", "--path", "/api/webhooks/clerk");

        assertEquals(GenerateEventCommand.NOT_GENERATED, generated.exit());
        assertTrue(generated.err().get(0).startsWith("CLERK_WEBHOOK_SECRET_ID names a Secrets Manager secret"), generated.err()::toString);
    }

    @Test
    void aPathNoRouteServesIsRefusedNamingTheRoutes() {
        Generated generated = http(Map.of(), "--method", "DELETE", "--path", "/api/sessions");

        assertEquals(GenerateEventCommand.NOT_GENERATED, generated.exit());
        assertTrue(generated.err().get(0).startsWith("No route of ../template.yaml matches DELETE /api/sessions; its routes: "),
                generated.err()::toString);
    }

    @Test
    void aScheduleEventIsEventBridgesScheduledEventSentNow() {
        JsonNode event = generate(Map.of(), "schedule", "--rule", "nightly").event();

        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals("2026-11-26T10:00:00Z", event.get("time").asText());
        assertEquals("arn:aws:events:us-east-1:123456789012:rule/nightly", event.get("resources").get(0).asText());
        assertTrue(event.get("detail").isObject() && event.get("detail").isEmpty());
    }
}
