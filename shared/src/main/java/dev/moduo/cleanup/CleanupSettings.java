package dev.moduo.cleanup;

import dev.moduo.config.Settings;
import java.time.Duration;

/**
 * How the cleanup works.
 *
 * @param staleAfter    an active session with no activity for this long, and nobody in its call, is ended
 * @param batchSize     sessions read per query
 * @param maxSessions   sessions examined per run at most, so one run's Stream traffic stays bounded
 * @param sessionBudget time given to one session's Stream work; a run claims no new session with less than this left
 * @param metricsName   the {@code FunctionName} dimension of the summary's metrics
 */
public record CleanupSettings(Duration staleAfter, int batchSize, int maxSessions, Duration sessionBudget,
                              String metricsName) {

    public static final String STALE_SESSION_AFTER = "STALE_SESSION_AFTER";
    public static final String CLEANUP_BATCH_SIZE = "CLEANUP_BATCH_SIZE";
    public static final String CLEANUP_MAX_SESSIONS = "CLEANUP_MAX_SESSIONS";
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(2);
    public static final int DEFAULT_BATCH_SIZE = 25;
    public static final int DEFAULT_MAX_SESSIONS = 200;
    /** Three Stream calls of at most one 4 s attempt each usually fit; a slower Stream fails the session for the next run. */
    public static final Duration DEFAULT_SESSION_BUDGET = Duration.ofSeconds(10);
    /** Set by Lambda; names the function in the metrics so that each stack has its own. */
    static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

    public CleanupSettings {
        if (batchSize < 1 || batchSize > 500) {
            throw new Settings.InvalidSettingException(CLEANUP_BATCH_SIZE, "must be between 1 and 500");
        }
        if (maxSessions < 1) {
            throw new Settings.InvalidSettingException(CLEANUP_MAX_SESSIONS, "must be at least 1");
        }
    }

    public static CleanupSettings from(Settings settings) {
        return new CleanupSettings(
                settings.duration(STALE_SESSION_AFTER, DEFAULT_STALE_AFTER),
                settings.integer(CLEANUP_BATCH_SIZE, DEFAULT_BATCH_SIZE),
                settings.integer(CLEANUP_MAX_SESSIONS, DEFAULT_MAX_SESSIONS),
                DEFAULT_SESSION_BUDGET,
                settings.get(FUNCTION_NAME, "CleanupStaleSessionsFunction"));
    }
}
