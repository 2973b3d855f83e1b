package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.http.UpstreamException;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.testing.TestAws;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** GetSecretValue through AWS's SDK, against a Secrets Manager stand-in that checks signatures with AWS's own signer. */
class SecretsManagerReaderTest {

    private static final String SECRET_ID = "moduo/stream";
    private static final String SECRET_VALUE = "{\"apiKey\":\"key-123\",\"apiSecret\":\"value-that-must-not-leak\"}";

    private final FakeSecretsManager aws = FakeSecretsManager.start();
    private final SecretsManagerReader reader = TestAws.reader(aws);

    @AfterEach
    void stop() {
        reader.close();
        aws.close();
    }

    private static Deadline seconds(int seconds) {
        return Deadline.after(Duration.ofSeconds(seconds));
    }

    private SecretsManagerReader signingWith(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new SecretsManagerReader(Settings.of(aws.settings()), () -> StaticCredentialsProvider.create(
                AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken)));
    }

    @Test
    void readsTheSecretStringWithARequestAwsSignerAccepts() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);

        assertEquals(SECRET_VALUE, reader.secretString(SECRET_ID, seconds(5)));
        assertEquals(1, aws.requestCount());
        assertEquals(List.of(), aws.refusals());
    }

    @Test
    void acceptsTheSecretArnAsId() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);

        assertEquals(SECRET_VALUE, reader.secretString(aws.arnOf(SECRET_ID), seconds(5)));
    }

    @Test
    void theStandInRefusesAnUnsignedRequest() throws Exception {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        HttpRequest unsigned = HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"" + SECRET_ID + "\"}"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(unsigned, HttpResponse.BodyHandlers.ofString());

        assertEquals(403, response.statusCode());
        assertFalse(response.body().contains("value-that-must-not-leak"));
        assertEquals(List.of("MissingAuthenticationTokenException: Authorization header is missing"), aws.refusals());
    }

    @Test
    void aWrongSecretKeyIsRejectedWithoutRetryAndWithoutShowingAKey() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        SecretsManagerReader wrongKey = signingWith(FakeSecretsManager.ACCESS_KEY_ID, "not-the-right-secret-key",
                FakeSecretsManager.SESSION_TOKEN);

        UpstreamException failure = assertThrows(UpstreamException.class, () -> wrongKey.secretString(SECRET_ID, seconds(5)));

        assertEquals(502, failure.status());
        assertEquals(SecretsManagerReader.REJECTED, failure.getMessage());
        assertEquals("InvalidSignatureException", errorCode(failure));
        assertFalse(everything(failure).contains("not-the-right-secret-key"));
        assertFalse(everything(failure).contains(FakeSecretsManager.SESSION_TOKEN));
        assertFalse(everything(failure).contains("value-that-must-not-leak"));
    }

    @Test
    void anUnknownAccessKeyIsRejected() {
        SecretsManagerReader stranger = signingWith("ASIASTRANGER", FakeSecretsManager.SECRET_ACCESS_KEY,
                FakeSecretsManager.SESSION_TOKEN);

        UpstreamException failure = assertThrows(UpstreamException.class, () -> stranger.secretString(SECRET_ID, seconds(5)));

        assertEquals(502, failure.status());
        assertEquals("UnrecognizedClientException", errorCode(failure));
    }

    @Test
    void aRequestSignedForAnotherRegionIsRejected() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        Map<String, String> settings = new HashMap<>(aws.settings());
        settings.put("AWS_REGION", "us-east-1");
        SecretsManagerReader otherRegion = new SecretsManagerReader(Settings.of(settings), TestAws::fakeKeys);

        UpstreamException failure = assertThrows(UpstreamException.class, () -> otherRegion.secretString(SECRET_ID, seconds(5)));

        assertEquals(502, failure.status());
        assertTrue(aws.refusals().get(0).contains("Credential scope"), aws.refusals().toString());
    }

    @Test
    void anUnknownSecretIsRejectedAndTheCauseNamesIt() {
        UpstreamException failure = assertThrows(UpstreamException.class, () -> reader.secretString("moduo/missing", seconds(5)));

        assertEquals(502, failure.status());
        assertEquals(SecretsManagerReader.REJECTED, failure.getMessage());
        assertEquals("ResourceNotFoundException", errorCode(failure));
        assertEquals(1, aws.requestCount(), "a refusal is not retried");
    }

    @Test
    void aThrottledRequestIsRetriedOnce() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.throttleNext(1);

        assertEquals(SECRET_VALUE, reader.secretString(SECRET_ID, seconds(5)));
        assertEquals(2, aws.requestCount());
    }

    @Test
    void aServerErrorIsRetriedOnceThenUnavailable() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.failNext(3, 500, "InternalServiceError");

        UpstreamException failure = assertThrows(UpstreamException.class, () -> reader.secretString(SECRET_ID, seconds(5)));

        assertEquals(503, failure.status());
        assertEquals(SecretsManagerReader.UNAVAILABLE, failure.getMessage());
        assertEquals(2, aws.requestCount(), "one retry, not more");
    }

    @Test
    void internalServiceErrorWithStatus400IsStillTransient() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.failNext(1, 400, "InternalServiceError");

        assertEquals(SECRET_VALUE, reader.secretString(SECRET_ID, seconds(5)));
        assertEquals(2, aws.requestCount());
    }

    @Test
    void accessDeniedIsRejectedWithoutRetry() {
        aws.failNext(1, 400, "AccessDeniedException");

        UpstreamException failure = assertThrows(UpstreamException.class, () -> reader.secretString(SECRET_ID, seconds(5)));

        assertEquals(502, failure.status());
        assertEquals("AccessDeniedException", errorCode(failure));
        assertEquals(1, aws.requestCount());
    }

    @Test
    void aHangBecomesUnavailableWithinTheDeadline() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.hangNext(2);
        long started = System.nanoTime();

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> reader.secretString(SECRET_ID, Deadline.after(Duration.ofMillis(700))));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(503, failure.status());
        assertEquals(SecretsManagerReader.UNAVAILABLE, failure.getMessage());
        // Far below the 3 s an attempt may take: the deadline, not the SDK's defaults, decides.
        assertTrue(took.compareTo(Duration.ofMillis(2_500)) < 0, "took " + took.toMillis() + " ms");
    }

    @Test
    void anExhaustedDeadlineSendsNothing() {
        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> reader.secretString(SECRET_ID, Deadline.after(Duration.ofMillis(20))));

        assertEquals(503, failure.status());
        assertEquals(0, aws.requestCount());
    }

    @Test
    void anUnreachableEndpointIsUnavailable() {
        SecretsManagerReader nobodyThere = TestAws.reader(aws);
        aws.close();

        UpstreamException failure = assertThrows(UpstreamException.class, () -> nobodyThere.secretString(SECRET_ID, seconds(3)));

        assertEquals(503, failure.status());
    }

    @Test
    void aBinarySecretIsRejected() {
        aws.putBinarySecret(SECRET_ID, new byte[] {1, 2, 3});

        UpstreamException failure = assertThrows(UpstreamException.class, () -> reader.secretString(SECRET_ID, seconds(5)));

        assertEquals(502, failure.status());
        assertTrue(failure.getCause().getMessage().contains("no SecretString"), failure.getCause().getMessage());
    }

    @Test
    void buildingTheClientCallsNothing() {
        reader.prime();

        assertEquals(0, aws.requestCount());
    }

    @Test
    void aRegionIsRequired() {
        SecretsManagerReader noRegion = new SecretsManagerReader(Settings.of(Map.of()), TestAws::fakeKeys);

        assertThrows(Settings.MissingSettingException.class, () -> noRegion.secretString(SECRET_ID, seconds(1)));
    }

    private static String errorCode(UpstreamException failure) {
        return assertInstanceOf(AwsServiceException.class, failure.getCause()).awsErrorDetails().errorCode();
    }

    /** The failure as an operator's log could show it: messages and stack traces of the whole chain. */
    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
