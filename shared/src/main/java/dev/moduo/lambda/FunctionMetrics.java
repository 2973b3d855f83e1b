package dev.moduo.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.core.EventLog;
import dev.moduo.metrics.ColdStart;
import dev.moduo.metrics.DeliveryOutcome;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.MongoFailureCounter;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;

/**
 * The metrics of one function, at its edge. Lambda makes a function once per execution environment, so this
 * knows whether an invocation is the environment's first; it begins each invocation's {@link InvocationMetrics},
 * adds what only the edge knows (route, status, duration, what a failure was), and writes the invocation's log
 * line as its metric document.
 *
 * <p>SnapStart: the restore hook calls {@link #restored()}, so the first invocation of every restored environment
 * counts as a cold start; the priming request before the snapshot takes no cold start and publishes no metric
 * (its line is written without {@code _aws}: a published version is no traffic).
 */
public final class FunctionMetrics {

    private final String function;
    private final ColdStart coldStart = new ColdStart();
    private volatile String service;
    private volatile Clock clock;

    /** @param function the {@code Function} dimension: the handler's simple name, which is its logical id in template.yaml */
    public FunctionMetrics(String function) {
        this.function = function;
    }

    /** The environment was restored from a SnapStart snapshot. */
    public void restored() {
        coldStart.restored();
    }

    /**
     * Begins counting for one invocation on this thread; the caller ends it in a {@code finally}.
     *
     * @param context the function's context, for its settings and clock (looked up once, on first use)
     * @param route   the route key, or null for a function without routes
     * @param priming SnapStart's priming request, which is not a cold start
     */
    public InvocationMetrics begin(ApplicationContext context, String route, boolean priming) {
        if (service == null) {
            // service is the "looked up" flag, so it is set last: the local runner serves one handler from many threads.
            clock = context.getBean(Clock.class);
            service = InvocationMetrics.service(context.getBean(Settings.class));
        }
        return InvocationMetrics.begin(service, function, route, priming ? null : coldStart.take());
    }

    /**
     * What the edge knows of an HTTP invocation: its duration and whether it failed (5xx); a MongoDB failure that
     * reached the edge before any command (no server in time), which the command listener cannot see; and for a
     * webhook function, the outcome of a delivery refused before its handler said what it did.
     */
    public static void request(InvocationMetrics metrics, int status, long durationMicros, Throwable failure,
                               boolean receivesWebhooks) {
        metrics.put(Metric.DURATION, durationMicros / 1000.0);
        metrics.put(Metric.SERVER_ERRORS, status >= 500 ? 1 : 0);
        databaseFailure(metrics, failure);
        if (receivesWebhooks && status >= 400 && !metrics.has(Metric.WEBHOOK_DELIVERIES)) {
            metrics.count(Metric.WEBHOOK_DELIVERIES, DeliveryOutcome.ofRefusal(status).label());
        }
    }

    /** Counts MongoDB being unreachable when {@code failure} says so (see {@link #databaseUnreachable}). */
    public static void databaseFailure(InvocationMetrics metrics, Throwable failure) {
        if (failure != null && DatabaseErrors.isUnavailable(failure)) {
            databaseUnreachable(metrics);
        }
    }

    /**
     * The invocation failed because MongoDB was unavailable: counted as a failure before any command unless the
     * command listener counted the failed command already (one outage, one count per invocation at least).
     */
    public static void databaseUnreachable(InvocationMetrics metrics) {
        if (!metrics.has(Metric.MONGO_FAILURES)) {
            metrics.count(Metric.MONGO_FAILURES, MongoFailureCounter.BEFORE_ANY_COMMAND);
        }
    }

    /**
     * Writes the invocation's log line with its metrics folded in (and, rarely, a further line: see
     * {@link InvocationMetrics#documents}).
     */
    public void write(InvocationMetrics metrics, ObjectNode line, boolean priming) {
        if (metrics.coldStart() != null) {
            line.put("initType", metrics.coldStart().label());
        }
        for (ObjectNode document : metrics.documents(line, clock.millis())) {
            if (priming) {
                document.remove("_aws");
            }
            EventLog.write(document);
        }
    }
}
