package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamCredentialsTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(1));

    @Test
    void environmentCredentialsComeFromTheSettings() {
        Settings settings = Settings.of(Map.of("STREAM_API_KEY", "k1", "STREAM_API_SECRET", "s1"));

        assertEquals(new StreamCredentials("k1", "s1"), new EnvStreamCredentials(settings).current(DEADLINE));
    }

    @Test
    void missingSecretIsReportedByNameWithoutAnyValue() {
        Settings settings = Settings.of(Map.of("STREAM_API_KEY", "visible-key"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                new EnvStreamCredentials(settings).current(DEADLINE));

        assertTrue(e.getMessage().contains("STREAM_API_SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("visible-key"), e.getMessage());
    }

    @Test
    void missingKeyIsReportedByName() {
        Settings settings = Settings.of(Map.of("STREAM_API_SECRET", "hidden-secret"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                new EnvStreamCredentials(settings).current(DEADLINE));

        assertTrue(e.getMessage().contains("STREAM_API_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("hidden-secret"), e.getMessage());
    }

    @Test
    void credentialsToStringRedactsTheSecret() {
        String text = new StreamCredentials("k1", "the-secret-value").toString();

        assertTrue(text.contains("k1"), text);
        assertFalse(text.contains("the-secret-value"), text);
    }

    @Test
    void blankSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StreamCredentials("k1", " "));
    }
}
