package dev.moduo.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MigrationEndpointTest {

    @Test
    void theSameDatabaseOfTheSameDeploymentIsRecognisedThoughListedDifferently() {
        MigrationEndpoint from = MigrationEndpoint.parse("--from", "mongodb://a.example.com,b.example.com:27017/moduo?replicaSet=rs0");
        MigrationEndpoint to = MigrationEndpoint.parse("--to", "mongodb://admin:pw@B.example.com/moduo");
        assertTrue(from.sameDatabaseAs(to));
    }

    @Test
    void anotherDatabaseOnTheSameClusterIsNotTheSame() {
        MigrationEndpoint from = MigrationEndpoint.parse("--from", "mongodb://a.example.com/moduo");
        MigrationEndpoint to = MigrationEndpoint.parse("--to", "mongodb://a.example.com/moduo_serverless");
        assertFalse(from.sameDatabaseAs(to));
    }

    @Test
    void aConnectionStringWithoutADatabaseIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MigrationEndpoint.parse("--to", "mongodb://a.example.com/"));
        assertTrue(e.getMessage().startsWith("--to must name the database"), e.getMessage());
    }

    @Test
    void theDescriptionNeverCarriesTheCredentials() {
        MigrationEndpoint endpoint = MigrationEndpoint.parse("--from", "mongodb://moduo:s3cret-pass@a.example.com:27017/moduo");
        assertEquals("mongodb://a.example.com:27017/moduo", endpoint.toString());
    }

    @Test
    void aMalformedConnectionStringIsRefusedWithoutEchoingItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MigrationEndpoint.parse("--from", "mongodb://moduo:s3cret-pass@a.example.com:notaport/moduo"));
        assertTrue(e.getMessage().startsWith("--from is not a MongoDB connection string"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pass"), e.getMessage());
    }
}
