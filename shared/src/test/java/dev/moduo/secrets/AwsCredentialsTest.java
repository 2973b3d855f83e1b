package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.stream.StreamCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsCredentialsTest {

    @Test
    void readsTheVariablesLambdaSets() {
        AwsCredentials credentials = AwsCredentials.fromSettings(Settings.of(Map.of(
                "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret-key-value",
                "AWS_SESSION_TOKEN", "session-token-value")));

        assertEquals("ASIAEXAMPLE", credentials.accessKeyId());
        assertEquals("secret-key-value", credentials.secretAccessKey());
        assertEquals("session-token-value", credentials.sessionToken());
    }

    @Test
    void longTermKeysHaveNoSessionToken() {
        AwsCredentials credentials = AwsCredentials.fromSettings(Settings.of(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-key-value", "AWS_SESSION_TOKEN", " ")));

        assertNull(credentials.sessionToken());
        assertTrue(credentials.toString().contains("sessionToken=none"));
    }

    @Test
    void aMissingKeyNamesTheSettingButNoValue() {
        Settings settings = Settings.of(Map.of("AWS_SECRET_ACCESS_KEY", "secret-key-value"));

        Settings.MissingSettingException missing =
                assertThrows(Settings.MissingSettingException.class, () -> AwsCredentials.fromSettings(settings));

        assertEquals("Setting AWS_ACCESS_KEY_ID is not set", missing.getMessage());
        assertThrows(Settings.MissingSettingException.class,
                () -> AwsCredentials.fromSettings(Settings.of(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"))));
    }

    @Test
    void toStringShowsTheKeyIdOnly() {
        String printed = new AwsCredentials("ASIAEXAMPLE", "secret-key-value", "session-token-value").toString();

        assertTrue(printed.contains("ASIAEXAMPLE"), printed);
        assertFalse(printed.contains("secret-key-value"), printed);
        assertFalse(printed.contains("session-token-value"), printed);
    }

    @Test
    void streamCredentialsToStringHidesTheSecret() {
        String printed = new StreamCredentials("stream-api-key", "stream-api-secret").toString();

        assertTrue(printed.contains("stream-api-key"), printed);
        assertFalse(printed.contains("stream-api-secret"), printed);
    }
}
