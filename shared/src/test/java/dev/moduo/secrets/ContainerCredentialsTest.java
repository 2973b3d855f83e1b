package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.http.UpstreamException;
import dev.moduo.secrets.testing.FakeContainerCredentials;
import dev.moduo.secrets.testing.FakeSecretsManager;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Keys from Lambda's container credentials endpoint, the only ones a SnapStart function gets, read by the
 * SDK's own provider (the one its default chain picks there; the chain itself, from a real environment,
 * is run by the deployment module's lifecycle harness). The endpoint's address and token are given as the
 * SDK's system properties, since a test cannot set environment variables.
 */
class ContainerCredentialsTest {

    private static final String SECRET_ID = "moduo/mongodb-uri";

    private final FakeContainerCredentials endpoint = FakeContainerCredentials.start();
    private final FakeSecretsManager aws = FakeSecretsManager.start().acceptCredentialsFrom(endpoint);
    private SecretsManagerReader reader;

    @BeforeEach
    void pointTheSdkAtTheEndpoint() {
        System.setProperty("aws.containerCredentialsFullUri", endpoint.fullUri());
        System.setProperty("aws.containerAuthorizationToken", endpoint.authorizationToken());
        aws.putSecret(SECRET_ID, "mongodb://db.example/");
        reader = new SecretsManagerReader(Settings.of(aws.settings()), () -> ContainerCredentialsProvider.builder().build());
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
        reader.close();
        aws.close();
        endpoint.close();
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5));
    }

    @Test
    void readsWithTheKeysTheEndpointIssues() {
        assertEquals("mongodb://db.example/", reader.secretString(SECRET_ID, deadline()));
        assertEquals(1, endpoint.requestCount());
        assertEquals(0, aws.refusals().size(), aws.refusals().toString());
    }

    @Test
    void nothingIsFetchedWhenTheClientIsBuilt() {
        reader.prime();

        assertEquals(0, endpoint.requestCount());
        assertEquals(0, aws.requestCount());
    }

    @Test
    void keysKeptAcrossARotationAreRefused() {
        reader.secretString(SECRET_ID, deadline());
        endpoint.rotate();

        UpstreamException refused = assertThrows(UpstreamException.class, () -> reader.secretString(SECRET_ID, deadline()));

        assertEquals(502, refused.status());
        assertEquals("ExpiredTokenException", ((AwsServiceException) refused.getCause()).awsErrorDetails().errorCode());
    }

    @Test
    void afterTheSnapshotHookTheNextReadFetchesNewKeys() {
        reader.secretString(SECRET_ID, deadline());
        reader.beforeSnapshot();
        endpoint.rotate();

        assertEquals("mongodb://db.example/", reader.secretString(SECRET_ID, deadline()));
        assertEquals(2, endpoint.requestCount());
    }

    @Test
    void keysAboutToExpireAreFetchedAgainBeforeTheNextCall() {
        // Keys with less than a minute left are stale to the SDK: it fetches new ones before signing with them.
        endpoint.lifetime(Duration.ofSeconds(50));
        reader.secretString(SECRET_ID, deadline());
        endpoint.rotate();

        assertEquals("mongodb://db.example/", reader.secretString(SECRET_ID, deadline()));
        assertEquals(2, endpoint.requestCount());
    }
}
