package dev.moduo.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UriCredentialsTest {

    @Test
    void userAndPasswordOfAConnectionStringAreReplaced() {
        assertEquals("mongodb+srv://<redacted>@cluster0.example.net/?retryWrites=true",
                UriCredentials.redact("mongodb+srv://moduo:s3cr%40t@cluster0.example.net/?retryWrites=true"));
    }

    @Test
    void hostsPortsAndDatabasesWithoutCredentialsAreLeftAsTheyAre() {
        String message = "Exception in monitor thread while connecting to server db-1.internal:27017 "
                + "(mongodb://db-1.internal:27017,db-2.internal:27017/moduo?replicaSet=rs0), mail ops@example.com";

        assertEquals(message, UriCredentials.redact(message));
    }

    @Test
    void aPasswordWithAnUnescapedAtSignOrSlashIsCoveredWhole() {
        assertEquals("mongodb://<redacted>@db:27017", UriCredentials.redact("mongodb://moduo:p@ss/word@db:27017"));
    }

    @Test
    void everyUriInTheTextIsRedacted() {
        assertEquals("from mongodb://<redacted>@old to https://<redacted>@new",
                UriCredentials.redact("from mongodb://a:one@old to https://b:two@new"));
    }

    @Test
    void noTextStaysNoText() {
        assertNull(UriCredentials.redact(null));
    }
}
