package dev.moduo.core;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * Random waits between retries, drawn from the operating system's entropy on every call.
 *
 * <p>Not {@code ThreadLocalRandom} or a seeded {@code Random}: their state is in the memory a SnapStart
 * snapshot copies, so every environment restored from one snapshot would draw the same "random" waits and
 * retry in lockstep, which is what jitter is there to prevent. {@link SecureRandom}'s default generator on
 * Linux mixes fresh bytes from {@code /dev/urandom} into each draw, and the kernel reseeds that after a
 * restore, so restored copies diverge at their first draw.
 */
public final class RetryJitter {

    static final SecureRandom ENTROPY = new SecureRandom();

    private RetryJitter() {
    }

    /** A wait in [0, bound] ms, uniformly. */
    public static long upTo(long boundMillis) {
        return boundMillis <= 0 ? 0 : ENTROPY.nextLong(boundMillis + 1);
    }

    /**
     * "Full jitter" exponential backoff: a wait in [0, min(cap, base * 2^(attempt-1))], for the attempt
     * that just failed (1 for the first).
     */
    public static Duration exponential(int failedAttempt, Duration base, Duration cap) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(failedAttempt - 1, 0), 20));
        return Duration.ofMillis(upTo(ceiling));
    }
}
