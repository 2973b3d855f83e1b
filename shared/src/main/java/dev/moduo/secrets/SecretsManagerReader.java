package dev.moduo.secrets;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.core.RetryJitter;
import dev.moduo.http.UpstreamException;
import dev.moduo.lambda.Reconnectable;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads a secret's {@code SecretString} with Secrets Manager's GetSecretValue, through the AWS SDK.
 *
 * <p>Credentials come from the provider it is given: in AWS the SDK's default chain, which finds what
 * Lambda provides (the access-key variables on demand, the container credentials endpoint under
 * SnapStart) and refreshes temporary keys before they expire. The SDK client is built on first use, and
 * {@link #beforeSnapshot()} closes it: the credentials it cached must not be restored into other
 * environments, where they may have expired or been rotated.
 *
 * <p>Each call fits in the caller's {@link Deadline}. Failures become {@link UpstreamException}s: 503
 * {@value #UNAVAILABLE} when a retry may succeed (throttling, server errors, timeouts, credentials that
 * could not be loaded), 502 {@value #REJECTED} when AWS refused the request (access denied, no such
 * secret, a key it cannot decrypt with). The cause carries the SDK's error for operators; SDK messages
 * describe the request, never the secret's value.
 */
public final class SecretsManagerReader implements Reconnectable, AutoCloseable {

    public static final String UNAVAILABLE = "Configuration service is unavailable, please retry";
    public static final String REJECTED = "Configuration service rejected the request";
    /** The AWS SDK's own name for a Secrets Manager endpoint override (tests and local runs point it at a stand-in). */
    public static final String ENDPOINT_SETTING = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_ATTEMPTS = 2;
    // Below this an attempt cannot finish a TLS handshake and a round trip; failing fast is more honest.
    private static final Duration MIN_CALL = Duration.ofMillis(100);

    private final Settings settings;
    private final Supplier<AwsCredentialsProvider> credentials;
    private volatile SecretsManagerClient client;

    /**
     * @param settings    {@code AWS_REGION} and, optionally, {@value #ENDPOINT_SETTING}
     * @param credentials called each time a client is built, so a closed client's cached keys go with it
     */
    public SecretsManagerReader(Settings settings, Supplier<AwsCredentialsProvider> credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** The current version's SecretString; one retry on throttling, server errors and timeouts, all within the deadline. */
    public String secretString(String secretId, Deadline deadline) {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("secretId is empty");
        }
        Duration budget = deadline.remaining();
        if (budget.compareTo(MIN_CALL) < 0) {
            throw new UpstreamException(503, UNAVAILABLE, new IllegalStateException(
                    "GetSecretValue for secret '" + secretId + "' not attempted: the request deadline has passed"));
        }
        GetSecretValueResponse response;
        try {
            response = client().getSecretValue(request -> request.secretId(secretId)
                    .overrideConfiguration(call -> call.apiCallTimeout(budget)));
        } catch (AwsServiceException e) {
            throw new UpstreamException(isTransient(e) ? 503 : 502, isTransient(e) ? UNAVAILABLE : REJECTED, e);
        } catch (SdkException e) {
            // No answer from AWS: a timeout, a broken connection, or credentials that could not be loaded.
            throw new UpstreamException(503, UNAVAILABLE, e);
        }
        if (response.secretString() == null) {
            throw new UpstreamException(502, REJECTED, new IllegalStateException("Secret '" + secretId
                    + "' has no SecretString (a binary secret cannot hold this setting)"));
        }
        return response.secretString();
    }

    /** Builds the SDK client without calling AWS, so a snapshot holds its classes already loaded. */
    public void prime() {
        client();
    }

    /** Closes the SDK client and with it the credentials it cached; the next read builds a new one. */
    @Override
    public synchronized void beforeSnapshot() {
        close();
    }

    @Override
    public synchronized void close() {
        SecretsManagerClient current = client;
        client = null;
        if (current != null) {
            current.close();
        }
    }

    /** Throttling and server-side failures may pass; a refusal (access denied, no such secret) will not. */
    private static boolean isTransient(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500 || isInternalServiceError(e);
    }

    private static boolean isInternalServiceError(Throwable failure) {
        return failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                && "InternalServiceError".equals(service.awsErrorDetails().errorCode());
    }

    private SecretsManagerClient client() {
        SecretsManagerClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = build();
                    client = current;
                }
            }
        }
        return current;
    }

    private SecretsManagerClient build() {
        // The SDK's backoff draws jitter from ThreadLocalRandom, whose state a snapshot copies into every
        // restored environment: retries would come back in lockstep. RetryJitter draws from the OS.
        BackoffStrategy backoff = attempt -> RetryJitter.exponential(attempt, Duration.ofMillis(25), Duration.ofMillis(200));
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(Region.of(settings.require("AWS_REGION")))
                .credentialsProvider(credentials.get())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT))
                .overrideConfiguration(configuration -> configuration
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                // Secrets Manager documents its InternalServiceError with HTTP 400, which the SDK's own
                                // conditions take for a refusal.
                                .retryOnException(SecretsManagerReader::isInternalServiceError)
                                .backoffStrategy(backoff)
                                .throttlingBackoffStrategy(backoff)
                                .build())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        // A function's configuration is its environment; a developer's ~/.aws/config must not change it.
                        .defaultProfileFileSupplier(SecretsManagerReader::noProfile)
                        .defaultProfileName("default"));
        settings.get(ENDPOINT_SETTING).map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static ProfileFile noProfile() {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(new byte[0]))
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
    }
}
