package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import dev.moduo.testing.TestAws;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Stream's key and secret from a Secrets Manager secret holding {"apiKey", "apiSecret"}. */
class SecretsManagerStreamCredentialsTest {

    private static final String SECRET_ID = "moduo/prod/stream";

    private final FakeSecretsManager aws = FakeSecretsManager.start();
    private final SecretsManagerReader reader = TestAws.reader(aws);
    private final SecretsManagerStreamCredentials credentials = new SecretsManagerStreamCredentials(
            new CachedSecret(reader, SECRET_ID, Duration.ofMinutes(5), Clock.systemUTC()));

    @AfterEach
    void stop() {
        reader.close();
        aws.close();
    }

    @Test
    void readsTheKeyAndSecret() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");

        assertEquals(new StreamCredentials("key-1", "secret-1"), credentials.current(deadline()));
    }

    @Test
    void invalidateReadsARotatedSecretAtOnce() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        credentials.current(deadline());
        aws.putStreamSecret(SECRET_ID, "key-2", "secret-2");

        credentials.invalidate();

        assertEquals(new StreamCredentials("key-2", "secret-2"), credentials.current(deadline()));
        assertEquals(2, aws.requestCount());
    }

    @Test
    void aValueThatIsNotJsonNamesTheSecretButShowsNoValue() {
        aws.putSecret(SECRET_ID, "apiKey=key-1 apiSecret=hunter2-secret");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));

        assertTrue(failure.getMessage().contains(SECRET_ID), failure.getMessage());
        assertTrue(failure.getMessage().contains("not a JSON object"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
        assertNull(failure.getCause(), "a parser error would quote the secret");
    }

    @Test
    void aMissingFieldIsNamedButNoValueIsShown() {
        aws.putSecret(SECRET_ID, "{\"apiKey\": \"key-visible-1\", \"apiSecrett\": \"hunter2-secret\"}");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));

        assertEquals("Secret '" + SECRET_ID + "' has no apiSecret field (a non-empty string is expected)", failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"));
        assertFalse(failure.getMessage().contains("key-visible-1"));
    }

    @Test
    void anEmptyOrNonTextKeyIsMalformed() {
        aws.putSecret(SECRET_ID, "{\"apiKey\": 12345, \"apiSecret\": \"hunter2-secret\"}");
        IllegalStateException numeric = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));
        assertTrue(numeric.getMessage().contains("has no apiKey field"), numeric.getMessage());

        aws.putSecret(SECRET_ID, "{\"apiKey\": \"key-1\", \"apiSecret\": \"  \"}");
        IllegalStateException blank = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));
        assertTrue(blank.getMessage().contains("has no apiSecret field"), blank.getMessage());
    }

    @Test
    void readsTheSecretConfiguredInSettingsThroughTheConfiguredEndpoint() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        Map<String, String> settings = withSecretId(aws.settings());
        settings.put("SECRETS_TTL", "PT30S");

        try (ApplicationContext context = contextWith(settings)) {
            StreamCredentials current = context.getBean(StreamCredentialsSource.class).current(deadline());

            assertEquals(new StreamCredentials("key-1", "secret-1"), current);
        }
        assertEquals(1, aws.requestCount());
        assertEquals(List.of(), aws.refusals());
    }

    @Test
    void anInvalidTtlSettingNamesTheSetting() {
        Map<String, String> settings = withSecretId(aws.settings());
        settings.put("SECRETS_TTL", "five minutes");

        try (ApplicationContext context = contextWith(settings)) {
            Throwable failure = assertThrows(RuntimeException.class, () -> context.getBean(StreamCredentialsSource.class));
            while (!(failure instanceof Settings.InvalidSettingException) && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertInstanceOf(Settings.InvalidSettingException.class, failure);
            assertTrue(failure.getMessage().contains("SECRETS_TTL"), failure.getMessage());
        }
    }

    @Test
    void micronautChoosesSecretsManagerWhenASecretIdIsSet() {
        try (ApplicationContext context = contextWith(withSecretId(aws.settings()))) {
            assertInstanceOf(SecretsManagerStreamCredentials.class, context.getBean(StreamCredentialsSource.class));
        }
        assertEquals(0, aws.requestCount(), "nothing is read until first use");
    }

    @Test
    void micronautChoosesTheEnvironmentWithoutASecretId() {
        try (ApplicationContext context = contextWith(Map.of("STREAM_API_KEY", "k", "STREAM_API_SECRET", "s"))) {
            assertInstanceOf(EnvStreamCredentials.class, context.getBean(StreamCredentialsSource.class));
        }
    }

    @Test
    void withoutASecretIdTheEnvironmentSourceExplainsWhatToSet() {
        try (ApplicationContext context = contextWith(Map.of())) {
            StreamCredentialsSource source = context.getBean(StreamCredentialsSource.class);

            IllegalStateException missing = assertThrows(IllegalStateException.class, () -> source.current(deadline()));
            assertEquals("Stream credentials are not configured: set STREAM_SECRET_ID, or STREAM_API_KEY and STREAM_API_SECRET",
                    missing.getMessage());
        }
    }

    private static ApplicationContext contextWith(Map<String, String> settings) {
        ApplicationContext context = ApplicationContext.builder().singletons(Settings.of(settings)).build();
        context.registerSingleton(AwsCredentialsProvider.class, TestAws.fakeKeys());
        return context.start();
    }

    private static Map<String, String> withSecretId(Map<String, String> settings) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put("STREAM_SECRET_ID", SECRET_ID);
        return copy;
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5));
    }
}
