package dev.moduo.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.config.Settings;
import dev.moduo.http.Deadline;
import dev.moduo.http.Json;
import dev.moduo.http.UpstreamException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a secret's {@code SecretString} with Secrets Manager's GetSecretValue.
 *
 * <p>Not the AWS SDK: building the SDK's SecretsManagerClient alone costs about 345 ms on the cold
 * path and the SDK adds about 8 MB to every function jar (each jar has a 15 MB budget), while the one
 * call needed is a signed JSON POST that java.net.http and {@link AwsSigV4Signer} make directly.
 *
 * <p>Failures become {@link UpstreamException}s: 503 {@value #UNAVAILABLE} when a retry may succeed
 * (throttling, server errors, timeouts), 502 {@value #REJECTED} when AWS refused the request
 * (access denied, secret not found, bad signature). The cause, a {@link SecretsManagerFailure},
 * carries the AWS error type for operators.
 */
public final class SecretsManagerClient {

    public static final String UNAVAILABLE = "Configuration service is unavailable, please retry";
    public static final String REJECTED = "Configuration service rejected the request";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_ATTEMPTS = 2;
    // Below this an attempt cannot finish a TLS handshake and a round trip; failing fast is more honest.
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);
    // The request timeout is not documented to cover the DNS lookup and connection set-up, so the wait
    // on the response has its own bound: the deadline holds whatever stage hangs.
    private static final long WAIT_GRACE_MILLIS = 50;
    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final URI endpoint;
    private final AwsSigV4Signer signer;
    private final AwsCredentials credentials;
    private final Clock clock;
    private volatile HttpClient http;

    /** Region from {@code AWS_REGION}, keys from Lambda's variables, endpoint from {@code SECRETS_MANAGER_ENDPOINT} if set. */
    public SecretsManagerClient(Settings settings) {
        this(endpoint(settings), settings.require("AWS_REGION"), AwsCredentials.fromSettings(settings), Clock.systemUTC());
    }

    public SecretsManagerClient(URI endpoint, String region, AwsCredentials credentials, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.signer = new AwsSigV4Signer(region, "secretsmanager");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The regional endpoint, or the override a test or local run points at a stand-in. */
    static URI endpoint(Settings settings) {
        return settings.get("SECRETS_MANAGER_ENDPOINT")
                .map(URI::create)
                .orElseGet(() -> {
                    String region = settings.require("AWS_REGION");
                    String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
                    return URI.create("https://secretsmanager." + region + "." + domain + "/");
                });
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The current version's SecretString; one retry on throttling, server errors and timeouts, all within the deadline. */
    public String getSecretString(String secretId, Deadline deadline) {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("secretId is empty");
        }
        byte[] body = Json.write(Map.of("SecretId", secretId)).getBytes(StandardCharsets.UTF_8);
        SecretsManagerFailure failure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Duration timeout = deadline.cap(ATTEMPT_TIMEOUT);
            if (timeout.compareTo(MIN_ATTEMPT) < 0) {
                break;
            }
            SecretsManagerFailure previous = failure;
            try {
                return attempt(secretId, body, timeout);
            } catch (SecretsManagerFailure e) {
                failure = e;
            }
            if (previous != null) {
                failure.addSuppressed(previous);
            }
            if (!failure.retriable()) {
                throw new UpstreamException(502, REJECTED, failure);
            }
            if (Thread.currentThread().isInterrupted() || (attempt < MAX_ATTEMPTS && !pauseBeforeRetry(deadline))) {
                break;
            }
        }
        if (failure == null) {
            failure = new SecretsManagerFailure("GetSecretValue for secret '" + secretId
                    + "' not attempted: the request deadline has passed", null, 0, true, null);
        }
        throw new UpstreamException(503, UNAVAILABLE, failure);
    }

    private String attempt(String secretId, byte[] body, Duration timeout) {
        HttpResponse<String> response = send(secretId, body, timeout);
        int status = response.statusCode();
        if (status != 200) {
            AwsJsonError error = AwsJsonError.parse(status, response.body(),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null));
            throw new SecretsManagerFailure("GetSecretValue for secret '" + secretId + "' failed: HTTP " + status
                    + " " + error.type(), error.type(), status, error.retriable(), null);
        }
        return secretString(secretId, response.body());
    }

    private HttpResponse<String> send(String secretId, byte[] body, Duration timeout) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-Amz-Target", TARGET);
        headers.putAll(signer.sign("POST", endpoint, headers, body, credentials, clock.instant()));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);

        CompletableFuture<HttpResponse<String>> response =
                http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return response.get(timeout.toMillis() + WAIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw transportFailure(secretId, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof HttpTimeoutException
                    ? "no answer within " + timeout.toMillis() + " ms"
                    : cause instanceof IOException ? "connection failed" : "request failed";
            throw transportFailure(secretId, what, cause);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw transportFailure(secretId, "interrupted", e);
        }
    }

    private static SecretsManagerFailure transportFailure(String secretId, String what, Throwable cause) {
        return new SecretsManagerFailure("GetSecretValue for secret '" + secretId + "' failed: " + what,
                null, 0, true, cause);
    }

    // Jackson quotes the text it failed on in its messages, and this text is the secret: no cause is kept.
    private static String secretString(String secretId, String responseBody) {
        JsonNode node;
        try {
            node = Json.read(responseBody);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new SecretsManagerFailure("GetSecretValue for secret '" + secretId
                    + "' answered with something other than a JSON object", null, 200, false, null);
        }
        JsonNode secretString = node.get("SecretString");
        if (secretString == null || !secretString.isTextual()) {
            throw new SecretsManagerFailure("Secret '" + secretId
                    + "' has no SecretString (a binary secret cannot hold Stream's credentials)", null, 200, false, null);
        }
        return secretString.asText();
    }

    /** Waits a short, jittered moment so throttled functions do not retry in lockstep; false if no time is left. */
    private static boolean pauseBeforeRetry(Deadline deadline) {
        Duration pause = Duration.ofMillis(ThreadLocalRandom.current().nextLong(25, 76));
        if (deadline.remaining().minus(pause).compareTo(MIN_ATTEMPT) < 0) {
            return false;
        }
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // Built on first use, not in the constructor: the client starts a selector thread, and a function
    // that never needs a secret in an invocation should not pay for it.
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    // HTTP/1.1 sends the Host header the signer signed; HTTP/2 would send :authority instead.
                    client = HttpClient.newBuilder()
                            .connectTimeout(CONNECT_TIMEOUT)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    http = client;
                }
            }
        }
        return client;
    }
}
