package dev.moduo.secrets;

import dev.moduo.core.Deadline;
import dev.moduo.http.UpstreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Secrets Manager secret read on first use, never at construction, so a cold start makes no network call
 * for it. It is then kept for a bounded time ({@code SECRETS_TTL}, default 5 minutes) so that a rotation
 * reaches warm functions without a redeploy, and {@link #invalidate()} drops it at once when the value is
 * refused where it is used. Concurrent callers share one read. {@link SecretValues} forgets every value
 * before a SnapStart snapshot: a secret in a snapshot is in every environment restored from it, and may
 * be rotated by then.
 */
public final class CachedSecret implements SecretValue {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final SecretsManagerReader reader;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Cached cached;
    // Bumped by invalidate(): a read that started before it may hold the old value and must not be cached.
    private final AtomicLong generation = new AtomicLong();

    public CachedSecret(SecretsManagerReader reader, String secretId, Duration ttl, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
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

    public String secretId() {
        return secretId;
    }

    @Override
    public String current(Deadline deadline) {
        Cached fresh = freshOrNull();
        if (fresh != null) {
            return fresh.value();
        }
        lock(deadline);
        try {
            fresh = freshOrNull();
            if (fresh != null) {
                return fresh.value();
            }
            long readGeneration = generation.get();
            Instant readAt = clock.instant();
            String value = reader.secretString(secretId, deadline);
            if (readGeneration == generation.get()) {
                cached = new Cached(value, readAt.plus(ttl));
            }
            return value;
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
                throw new UpstreamException(503, SecretsManagerReader.UNAVAILABLE, new IllegalStateException(
                        "Timed out waiting for another read of secret '" + secretId + "'"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(503, SecretsManagerReader.UNAVAILABLE, new IllegalStateException(
                    "Interrupted waiting for another read of secret '" + secretId + "'", e));
        }
    }

    // The value never reaches toString, a log line or an exception message.
    private record Cached(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Cached[expiresAt=" + expiresAt + "]";
        }
    }

    @Override
    public String toString() {
        return "CachedSecret[" + secretId + "]";
    }
}
