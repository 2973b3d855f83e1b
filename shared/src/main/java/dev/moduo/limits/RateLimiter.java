package dev.moduo.limits;

import dev.moduo.config.Settings;
import dev.moduo.core.Refusal;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits what one user does per hour: a fixed-window counter per user and action in MongoDB, so the count
 * survives cold starts and is shared by every execution environment. No lock is held here: concurrent
 * requests meet only in MongoDB's atomic update of their own user's counter.
 *
 * <p>A fixed window lets a user who spends the whole limit at the end of one hour spend it again at the start
 * of the next (twice the limit within a short time); with limits this far above real use, that is accepted
 * for a single round trip per request.
 */
@Singleton
public class RateLimiter {

    public static final Duration WINDOW = Duration.ofHours(1);

    private final RateLimitRepository counters;
    private final Settings settings;
    private final Clock clock;

    public RateLimiter(RateLimitRepository counters, Settings settings, Clock clock) {
        this.counters = counters;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Counts this request of {@code userId}, or refuses it (TOO_MANY_REQUESTS, with when to retry) once the
     * user has made {@link #limit} of them in this window. A refused request counts too; it does nothing else.
     */
    public void admit(String userId, LimitedAction action) {
        int limit = limit(action);
        Instant now = clock.instant();
        long windowSeconds = WINDOW.toSeconds();
        Instant windowStart = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), windowSeconds) * windowSeconds);
        Instant windowEnd = windowStart.plus(WINDOW);
        long count = counters.increment(userId, action.key(), windowStart, windowEnd);
        if (count > limit) {
            Duration retryAfter = Duration.between(now, windowEnd);
            throw Refusal.tooManyRequests("Too many " + action.counted() + ": at most " + limit + " per hour."
                    + " Retry in " + Refusal.retryAfterSeconds(retryAfter) + " seconds.", retryAfter);
        }
    }

    /** The limit per window, from {@link LimitedAction#setting()}; read where used, so a function reads only its own. */
    public int limit(LimitedAction action) {
        int limit = settings.integer(action.setting(), action.defaultLimit());
        if (limit < 1) {
            throw new Settings.InvalidSettingException(action.setting(), "must be at least 1");
        }
        return limit;
    }
}
