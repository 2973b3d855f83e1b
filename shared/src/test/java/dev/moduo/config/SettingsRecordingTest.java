package dev.moduo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SettingsRecordingTest {

    @Test
    void recordsEveryNameAskedForWhetherSetOrNot() {
        Set<String> asked = new TreeSet<>();
        Settings settings = Settings.of(Map.of("MONGODB_URI", "mongodb://db", "STREAM_TOKEN_TTL", "PT5M")).recording(asked);

        settings.require("MONGODB_URI");
        settings.get("MONGODB_DATABASE", "moduo");
        settings.duration("STREAM_TOKEN_TTL", Duration.ofHours(1));
        settings.get("CLERK_JWT_KEY");

        assertEquals(Set.of("CLERK_JWT_KEY", "MONGODB_DATABASE", "MONGODB_URI", "STREAM_TOKEN_TTL"), asked);
    }

    @Test
    void answersWhatTheRecordedSettingsAnswer() {
        Settings settings = Settings.of(Map.of("MONGODB_URI", "mongodb://db")).with(Map.of("MONGODB_DATABASE", "other"))
                .recording(new TreeSet<>());

        assertEquals("mongodb://db", settings.require("MONGODB_URI"));
        assertEquals("other", settings.get("MONGODB_DATABASE", "moduo"));
        assertEquals(Duration.ofHours(1), settings.duration("STREAM_TOKEN_TTL", Duration.ofHours(1)));
    }

    @Test
    void aCopyWithOverridesStillRecords() {
        Set<String> asked = new TreeSet<>();
        Settings settings = Settings.of(Map.of()).recording(asked).with(Map.of("A", "1"));

        settings.get("A");
        settings.get("B");

        assertEquals(Set.of("B"), asked);
    }
}
