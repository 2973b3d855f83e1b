package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.http.Deadline;
import dev.moduo.http.UpstreamException;
import dev.moduo.secrets.testing.FakeSecretsManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsManagerClientTest {

    private static final String SECRET_ID = "moduo/stream";
    private static final String SECRET_VALUE = "{\"apiKey\":\"key-123\",\"apiSecret\":\"value-that-must-not-leak\"}";

    private final FakeSecretsManager aws = FakeSecretsManager.start();
    private final SecretsManagerClient client = new SecretsManagerClient(Settings.of(aws.settings()));

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void readsTheSecretStringWithASignedRequestTheFakeVerifies() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);

        String value = client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5)));

        assertEquals(SECRET_VALUE, value);
        assertEquals(1, aws.requestCount());
        assertEquals(List.of(), aws.refusals());
    }

    @Test
    void acceptsTheSecretArnAsId() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);

        assertEquals(SECRET_VALUE, client.getSecretString(aws.arnOf(SECRET_ID), Deadline.after(Duration.ofSeconds(5))));
    }

    @Test
    void theFakeRefusesAnUnsignedRequest() throws Exception {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        HttpRequest unsigned = HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"" + SECRET_ID + "\"}"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(unsigned, HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertFalse(response.body().contains("value-that-must-not-leak"));
        assertEquals(List.of("InvalidSignatureException: Authorization header is missing"), aws.refusals());
    }

    @Test
    void aWrongSecretKeyIsRefusedAsRejected() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        SecretsManagerClient wrongKey = new SecretsManagerClient(aws.endpoint(), FakeSecretsManager.REGION,
                new AwsCredentials(FakeSecretsManager.ACCESS_KEY_ID, "not-the-right-secret-key", FakeSecretsManager.SESSION_TOKEN),
                Clock.systemUTC());

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> wrongKey.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertEquals(SecretsManagerClient.REJECTED, failure.getMessage());
        assertEquals("InvalidSignatureException", cause(failure).errorType());
        assertEquals(1, aws.requestCount(), "a refused signature is not retried");
        assertFalse(everything(failure).contains("not-the-right-secret-key"));
        assertFalse(everything(failure).contains(FakeSecretsManager.SESSION_TOKEN));
    }

    @Test
    void anUnknownAccessKeyIsRejected() {
        SecretsManagerClient stranger = new SecretsManagerClient(aws.endpoint(), FakeSecretsManager.REGION,
                new AwsCredentials("ASIASTRANGER", FakeSecretsManager.SECRET_ACCESS_KEY, FakeSecretsManager.SESSION_TOKEN),
                Clock.systemUTC());

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> stranger.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertEquals("UnrecognizedClientException", cause(failure).errorType());
    }

    @Test
    void aRequestSignedForAnotherRegionIsRejected() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        SecretsManagerClient otherRegion = new SecretsManagerClient(aws.endpoint(), "us-east-1", fakeCredentials(),
                Clock.systemUTC());

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> otherRegion.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertTrue(aws.refusals().get(0).contains("Credential scope"), aws.refusals().toString());
    }

    @Test
    void aSkewedClockIsRejected() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        Clock tenMinutesSlow = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        SecretsManagerClient skewed = new SecretsManagerClient(aws.endpoint(), FakeSecretsManager.REGION,
                fakeCredentials(), tenMinutesSlow);

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> skewed.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertTrue(aws.refusals().get(0).contains("Signature expired"), aws.refusals().toString());
    }

    @Test
    void anUnknownSecretIsRejectedWithoutNamingItToTheCaller() {
        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> client.getSecretString("moduo/missing", Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertEquals(SecretsManagerClient.REJECTED, failure.getMessage());
        SecretsManagerFailure cause = cause(failure);
        assertEquals("ResourceNotFoundException", cause.errorType());
        assertEquals(400, cause.httpStatus());
        assertTrue(cause.getMessage().contains("moduo/missing"), "operators see which secret: " + cause.getMessage());
        assertFalse(cause.getMessage().contains("can't find"), "AWS's message text is not copied: " + cause.getMessage());
        assertFalse(everything(failure).contains(FakeSecretsManager.SECRET_ACCESS_KEY));
        assertEquals(1, aws.requestCount());
    }

    @Test
    void aThrottledRequestIsRetriedOnce() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.throttleNext(1);

        assertEquals(SECRET_VALUE, client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));
        assertEquals(2, aws.requestCount());
    }

    @Test
    void aServerErrorIsRetriedOnceThenUnavailable() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.failNext(3, 500, "InternalServiceError");

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(503, failure.status());
        assertEquals(SecretsManagerClient.UNAVAILABLE, failure.getMessage());
        assertEquals("InternalServiceError", cause(failure).errorType());
        assertEquals(1, cause(failure).getSuppressed().length, "the first attempt's failure is kept for operators");
        assertEquals(2, aws.requestCount(), "one retry, not more");
    }

    @Test
    void internalServiceErrorWithStatus400IsStillTransient() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.failNext(1, 400, "InternalServiceError");

        assertEquals(SECRET_VALUE, client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));
        assertEquals(2, aws.requestCount());
    }

    @Test
    void accessDeniedIsRejectedWithoutRetry() {
        aws.failNext(1, 400, "AccessDeniedException");

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertEquals("AccessDeniedException", cause(failure).errorType());
        assertEquals(1, aws.requestCount());
    }

    @Test
    void aHangBecomesUnavailableWithinTheDeadline() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.hangNext(2);
        long started = System.nanoTime();

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> client.getSecretString(SECRET_ID, Deadline.after(Duration.ofMillis(700))));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(503, failure.status());
        assertEquals(SecretsManagerClient.UNAVAILABLE, failure.getMessage());
        assertTrue(cause(failure).getMessage().contains("no answer"), cause(failure).getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1000)) < 0, "took " + took.toMillis() + " ms");
        assertEquals(1, aws.requestCount(), "no time was left for a retry");
    }

    @Test
    void aHangIsRetriedWhenTheDeadlineLeavesRoom() {
        aws.putSecret(SECRET_ID, SECRET_VALUE);
        aws.hangNext(1);
        long started = System.nanoTime();

        String value = client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(10)));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(SECRET_VALUE, value);
        assertEquals(2, aws.requestCount());
        assertTrue(took.compareTo(SecretsManagerClient.ATTEMPT_TIMEOUT) >= 0, "the first attempt waited its 3 s cap");
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took.toMillis() + " ms");
    }

    @Test
    void anExhaustedDeadlineSendsNothing() {
        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> client.getSecretString(SECRET_ID, Deadline.after(Duration.ofMillis(20))));

        assertEquals(503, failure.status());
        assertEquals(0, aws.requestCount());
    }

    @Test
    void anUnreachableEndpointIsUnavailable() {
        URI closed = aws.endpoint();
        aws.close();
        SecretsManagerClient nobodyThere = new SecretsManagerClient(closed, FakeSecretsManager.REGION, fakeCredentials(),
                Clock.systemUTC());

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> nobodyThere.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(3))));

        assertEquals(503, failure.status());
        assertTrue(cause(failure).retriable());
    }

    @Test
    void aBinarySecretIsRejected() {
        aws.putBinarySecret(SECRET_ID, new byte[] {1, 2, 3});

        UpstreamException failure = assertThrows(UpstreamException.class,
                () -> client.getSecretString(SECRET_ID, Deadline.after(Duration.ofSeconds(5))));

        assertEquals(502, failure.status());
        assertTrue(cause(failure).getMessage().contains("no SecretString"), cause(failure).getMessage());
    }

    @Test
    void theEndpointIsRegionalUnlessOverridden() {
        assertEquals(URI.create("https://secretsmanager.eu-west-1.amazonaws.com/"),
                SecretsManagerClient.endpoint(Settings.of(Map.of("AWS_REGION", "eu-west-1"))));
        assertEquals(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn/"),
                SecretsManagerClient.endpoint(Settings.of(Map.of("AWS_REGION", "cn-north-1"))));
        assertEquals(URI.create("http://localhost:4566/"), SecretsManagerClient.endpoint(
                Settings.of(Map.of("AWS_REGION", "eu-west-1", "SECRETS_MANAGER_ENDPOINT", "http://localhost:4566/"))));
        assertThrows(Settings.MissingSettingException.class,
                () -> new SecretsManagerClient(Settings.of(Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"))));
    }

    private static SecretsManagerFailure cause(UpstreamException failure) {
        return assertInstanceOf(SecretsManagerFailure.class, failure.getCause());
    }

    /** Message, causes and stack trace as an operator's log would show them. */
    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text + String.valueOf(failure);
    }

    private static AwsCredentials fakeCredentials() {
        return new AwsCredentials(FakeSecretsManager.ACCESS_KEY_ID, FakeSecretsManager.SECRET_ACCESS_KEY,
                FakeSecretsManager.SESSION_TOKEN);
    }
}
