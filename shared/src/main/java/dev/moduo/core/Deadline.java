package dev.moduo.core;

import java.time.Duration;

/**
 * The time a request may still spend. Every outbound call takes its timeout from here, so a slow
 * MongoDB or Stream turns into a fast 503 instead of a hang until the Lambda timeout.
 */
public final class Deadline {

    private final long expiresAtNanos;

    private Deadline(long expiresAtNanos) {
        this.expiresAtNanos = expiresAtNanos;
    }

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        long left = expiresAtNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean isExpired() {
        return expiresAtNanos - System.nanoTime() <= 0;
    }

    /** The smaller of {@code limit} and what is left. */
    public Duration cap(Duration limit) {
        Duration left = remaining();
        return left.compareTo(limit) < 0 ? left : limit;
    }

    /** A deadline that ends {@code reserve} before this one, for work that must leave time for what follows. */
    public Deadline reserving(Duration reserve) {
        return new Deadline(expiresAtNanos - reserve.toNanos());
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left]";
    }
}
