package dev.moduo.stream;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs {@link StreamAppSetup} once per execution environment of the cleanup, so that every deployment locks
 * its Stream app without a manual step, and a lock loosened in Stream's dashboard is put back within one cold
 * start. After a success it does nothing more (three reads per cold start is all it costs); after a failure
 * it tries again on the next run. It never fails the cleanup: the janitor's work matters more than a lock
 * that the next run can set.
 *
 * <p>{@value #SETTING}={@code off} leaves the Stream app alone (a Stream app shared with another product,
 * whose {@code default} calls the lock would close to non-members too).
 */
@Singleton
public class RoomLockCheck {

    public static final String SETTING = "STREAM_ROOM_LOCK";
    /** At most this much of the cleanup's time, and at most a quarter of what is left. */
    static final Duration MAX_BUDGET = Duration.ofSeconds(8);
    static final Duration MIN_BUDGET = Duration.ofSeconds(1);

    private final StreamAppSetup setup;
    private final boolean enabled;
    private volatile boolean done;

    public RoomLockCheck(StreamAppSetup setup, Settings settings) {
        this.setup = setup;
        String value = settings.get(SETTING, "on").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("on") && !value.equals("off")) {
            throw new Settings.InvalidSettingException(SETTING, "must be on or off");
        }
        this.enabled = value.equals("on");
    }

    /** @return whether the app is known to be locked (or the lock is off) after this call */
    public boolean ensure(Deadline deadline) {
        if (!enabled || done) {
            return true;
        }
        Duration quarter = deadline.remaining().dividedBy(4);
        Duration budget = quarter.compareTo(MAX_BUDGET) < 0 ? quarter : MAX_BUDGET;
        if (budget.compareTo(MIN_BUDGET) < 0) {
            return false;
        }
        try {
            StreamAppSetupReport report = setup.run(Deadline.after(budget));
            EventLog.event("RoomLock", report.changed() ? "Stream app set up for the room lock" : "Stream app already locked",
                    report.toJson());
            done = true;
            return true;
        } catch (RuntimeException e) {
            // Stream's answer or the missing setting's name; the messages carry no secret.
            EventLog.event("RoomLock", "Stream app set-up failed; the next cleanup run retries", Json.object()
                    .put("error", e.getClass().getSimpleName()).put("detail", String.valueOf(e.getMessage())));
            return false;
        }
    }
}
