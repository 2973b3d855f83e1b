package dev.moduo.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.config.Settings;
import dev.moduo.user.ClerkProfile;
import dev.moduo.webhook.ClerkUserJson;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevClerkWebhooksTest {

    private static final long NOW = 1_795_687_200_000L;

    @Test
    void userCreatedCarriesTheProfileAsClerksUserJson() {
        JsonNode event = DevClerkWebhooks.userCreated(
                new DevUser("user_hana", "Hana van Host", "hana@example.com", "https://img.example/hana.png"), NOW);

        ClerkProfile profile = ClerkUserJson.parse(event.get("data"));

        assertEquals("user.created", event.get("type").asText());
        assertEquals("event", event.get("object").asText());
        assertEquals(new ClerkProfile("user_hana", "Hana van Host", "hana@example.com", "https://img.example/hana.png", NOW),
                profile);
        assertEquals("Hana", event.get("data").get("first_name").asText());
        assertEquals("van Host", event.get("data").get("last_name").asText());
    }

    @Test
    void aUserWithoutANameOrEmailHasNullNamesAndNoAddresses() {
        JsonNode data = DevClerkWebhooks.userCreated(new DevUser("user_anon", " ", null, null), NOW).get("data");

        assertTrue(data.get("first_name").isNull());
        assertTrue(data.get("last_name").isNull());
        assertTrue(data.get("primary_email_address_id").isNull());
        assertEquals(0, data.get("email_addresses").size());
        assertEquals(false, data.get("has_image").asBoolean());
    }

    @Test
    void withNoSecretSetOneIsMadeForTheFunctions() {
        DevClerkWebhooks webhooks = DevClerkWebhooks.plan(Settings.of(Map.of()), "http://localhost:1");

        String secret = webhooks.generatedSecret().orElseThrow();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
        assertTrue(!webhooks.describe().contains(secret), "the secret stays out of the start-up line");
    }

    @Test
    void aGivenSecretIsUsedAndNotReplaced() {
        DevClerkWebhooks webhooks = DevClerkWebhooks.plan(
                Settings.of(Map.of("CLERK_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), "http://localhost:1");

        assertEquals(Optional.empty(), webhooks.generatedSecret());
        assertTrue(webhooks.describe().contains("from CLERK_WEBHOOK_SECRET"), webhooks.describe());
    }

    @Test
    void withOnlyASecretsManagerSecretNothingIsDeliveredAndTheRunnerSaysWhy() {
        DevClerkWebhooks webhooks = DevClerkWebhooks.plan(Settings.of(Map.of("CLERK_WEBHOOK_SECRET_ID",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:moduo/clerk-AbCdEf")), "http://localhost:1");

        assertEquals(Optional.empty(), webhooks.generatedSecret());
        assertEquals(Optional.of("user.created for user_x not delivered: no signing secret"),
                webhooks.ensureCreated(new DevUser("user_x", "X", null, null)));
    }
}
