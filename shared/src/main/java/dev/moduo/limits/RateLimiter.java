package dev.moduo.limits;

import dev.moduo.auth.Caller;
import dev.moduo.config.Settings;
import dev.moduo.core.Refusal;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserRepository;
import dev.moduo.user.UserService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits what one user does per hour: a fixed-window count per user and action in MongoDB, so the count
 * survives cold starts and is shared by every execution environment. No lock is held here: concurrent
 * requests meet only in MongoDB's atomic update of their own user's record.
 *
 * <p>The count lives in the user's own record (a number per action and hour, the day before dropped by the same
 * command) and is taken by the command that reads (or makes) the caller's profile, which every limited route
 * needs anyway: the limit costs no round trip of its own.
 *
 * <p>A fixed window lets a user who spends the whole limit at the end of one hour spend it again at the start
 * of the next (twice the limit within a short time); with limits this far above real use, that is accepted
 * for a count that needs no round trip.
 */
@Singleton
public class RateLimiter {

    public static final Duration WINDOW = Duration.ofHours(1);

    private final UserService users;
    private final Settings settings;
    private final Clock clock;

    public RateLimiter(UserService users, Settings settings, Clock clock) {
        this.users = users;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Counts this request of {@code caller}, or refuses it (TOO_MANY_REQUESTS, with when to retry) once the
     * user has made {@link #limit} of them in this window. A refused request counts too; it does nothing else.
     * Answers the caller's profile, read (or made from the token) by the same command that counted.
     */
    public UserProfile admit(Caller caller, LimitedAction action) {
        int limit = limit(action);
        Instant now = clock.instant();
        long windowSeconds = WINDOW.toSeconds();
        long window = Math.floorDiv(now.getEpochSecond(), windowSeconds);
        Instant windowEnd = Instant.ofEpochSecond((window + 1) * windowSeconds);
        UserRepository.Counted counted = users.ensureCounting(caller, action.key(), window);
        if (counted.inWindow() > limit) {
            Duration retryAfter = Duration.between(now, windowEnd);
            throw Refusal.tooManyRequests("Too many " + action.counted() + ": at most " + limit + " per hour."
                    + " Retry in " + Refusal.retryAfterSeconds(retryAfter) + " seconds.", retryAfter);
        }
        return counted.profile();
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
