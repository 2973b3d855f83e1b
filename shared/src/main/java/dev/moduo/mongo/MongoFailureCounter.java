package dev.moduo.mongo;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;

/**
 * Counts the MongoDB commands that failed because MongoDB was away or too slow ({@link DatabaseErrors}), by
 * command name ({@code find}, {@code update}, {@code findAndModify}...), into the invocation's metrics. Registered
 * on every client ({@link MongoFactory#clientSettings}); the driver calls it on the thread that ran the command.
 * A command the driver then retried successfully still counts: MongoDB failed it.
 *
 * <p>It cannot see a failure before any command (no server could be selected in time: the usual shape of an
 * outage); the function's edge counts that one as {@value #BEFORE_ANY_COMMAND}.
 */
public final class MongoFailureCounter implements CommandListener {

    /** The {@code Operation} of a failure that came before any command: no server reachable in time. */
    public static final String BEFORE_ANY_COMMAND = "connect";

    static final MongoFailureCounter INSTANCE = new MongoFailureCounter();

    private MongoFailureCounter() {
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        if (DatabaseErrors.isUnavailable(event.getThrowable())) {
            Metrics.count(Metric.MONGO_FAILURES, event.getCommandName());
        }
    }
}
