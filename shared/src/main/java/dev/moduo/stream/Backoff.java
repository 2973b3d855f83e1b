package dev.moduo.stream;

import dev.moduo.core.RetryJitter;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** How long to wait before the next attempt. */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration LONGEST = Duration.ofSeconds(2);

    private Backoff() {
    }

    /**
     * 100 ms, 200 ms, 400 ms... plus up to half again at random, so that many functions failing at
     * the same moment do not all come back at the same moment (see {@link RetryJitter} for why the
     * random part is not ThreadLocalRandom's).
     */
    static Duration afterFailedAttempt(int failedAttempts) {
        long nominal = Math.min(FIRST.toMillis() << Math.min(failedAttempts - 1, 10), LONGEST.toMillis());
        return Duration.ofMillis(nominal + RetryJitter.upTo(nominal / 2));
    }

    /**
     * What a 429 says about when to come back: {@code Retry-After} (seconds) if sent, else
     * {@code X-RateLimit-Reset} (Unix seconds, which Stream sends on every response).
     */
    static Optional<Duration> rateLimitWait(HttpHeaders headers, Instant now) {
        OptionalLong retryAfter = seconds(headers, "Retry-After");
        if (retryAfter.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, retryAfter.getAsLong())));
        }
        OptionalLong reset = seconds(headers, "X-RateLimit-Reset");
        if (reset.isPresent()) {
            Duration untilReset = Duration.between(now, Instant.ofEpochSecond(reset.getAsLong()));
            return Optional.of(untilReset.isNegative() ? Duration.ZERO : untilReset);
        }
        return Optional.empty();
    }

    private static OptionalLong seconds(HttpHeaders headers, String name) {
        Optional<String> value = headers.firstValue(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            // Retry-After may also be an HTTP date; Stream is not known to send one, so it is ignored.
            return OptionalLong.empty();
        }
    }
}
