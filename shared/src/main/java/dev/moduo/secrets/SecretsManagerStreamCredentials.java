package dev.moduo.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.config.Settings;
import dev.moduo.http.Deadline;
import dev.moduo.http.Json;
import dev.moduo.http.UpstreamException;
import dev.moduo.stream.StreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stream's API key and secret from a Secrets Manager secret whose value is
 * {@code {"apiKey": "...", "apiSecret": "..."}}.
 *
 * <p>The secret is read on first use, never at construction, so a cold start makes no network call
 * for it. It is then kept for a bounded time ({@code STREAM_SECRET_TTL}, default 5 minutes) so a
 * rotation reaches warm functions without a redeploy, and {@link #invalidate()} drops it at once
 * when Stream answers 401. Concurrent callers share one read.
 */
public final class SecretsManagerStreamCredentials implements StreamCredentialsSource {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Cached cached;
    // Bumped by invalidate(): a read that started before it may hold the old value and must not be cached.
    private final AtomicLong generation = new AtomicLong();

    /** Secret id from {@code STREAM_SECRET_ID}, cache time from {@code STREAM_SECRET_TTL}; nothing is read yet. */
    public SecretsManagerStreamCredentials(Settings settings) {
        this(new SecretsManagerClient(settings), settings.require("STREAM_SECRET_ID"),
                settings.duration("STREAM_SECRET_TTL", DEFAULT_TTL), Clock.systemUTC());
    }

    public SecretsManagerStreamCredentials(SecretsManagerClient client, String secretId, Duration ttl, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("secretId is empty");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.secretId = secretId;
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public StreamCredentials current(Deadline deadline) {
        Cached fresh = freshOrNull();
        if (fresh != null) {
            return fresh.credentials();
        }
        lock(deadline);
        try {
            fresh = freshOrNull();
            if (fresh != null) {
                return fresh.credentials();
            }
            long readGeneration = generation.get();
            Instant readAt = clock.instant();
            StreamCredentials credentials = parse(client.getSecretString(secretId, deadline));
            if (readGeneration == generation.get()) {
                cached = new Cached(credentials, readAt.plus(ttl));
            }
            return credentials;
        } finally {
            reading.unlock();
        }
    }

    @Override
    public void invalidate() {
        generation.incrementAndGet();
        cached = null;
    }

    private Cached freshOrNull() {
        Cached current = cached;
        return current != null && clock.instant().isBefore(current.expiresAt()) ? current : null;
    }

    // Waiting for another caller's read is bounded by this caller's deadline like any outbound call.
    private void lock(Deadline deadline) {
        try {
            if (!reading.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new UpstreamException(503, SecretsManagerClient.UNAVAILABLE, new SecretsManagerFailure(
                        "Timed out waiting for another read of secret '" + secretId + "'", null, 0, true, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(503, SecretsManagerClient.UNAVAILABLE, new SecretsManagerFailure(
                    "Interrupted waiting for another read of secret '" + secretId + "'", null, 0, true, e));
        }
    }

    // Jackson's parse errors quote the text they failed on, which here is the secret: they are not chained.
    private StreamCredentials parse(String secretString) {
        JsonNode node;
        try {
            node = Json.read(secretString);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("Secret '" + secretId
                    + "' is not a JSON object; expected {\"apiKey\": \"...\", \"apiSecret\": \"...\"}");
        }
        return new StreamCredentials(field(node, "apiKey"), field(node, "apiSecret"));
    }

    private String field(JsonNode secret, String name) {
        JsonNode value = secret.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException("Secret '" + secretId + "' has no " + name
                    + " field (a non-empty string is expected)");
        }
        return value.asText();
    }

    private record Cached(StreamCredentials credentials, Instant expiresAt) {
    }
}
