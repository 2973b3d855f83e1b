package dev.moduo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.lambda.FunctionMetrics;
import dev.moduo.lambda.Invocation;
import dev.moduo.lambda.InvocationLog;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import java.time.Duration;
import java.util.Locale;

/**
 * What the metrics add to one invocation, in the JVM: the invocation's log line built and serialized as before,
 * against the same line with a create's metrics counted and folded in (cold start flag, duration and 5xx flag per
 * route, three Stream requests, a session created). Not a test; rerun with
 * {@code java -cp bench/harness/target/moduo-bench.jar dev.moduo.bench.MetricLineCost [rounds] [perRound]} after
 * {@code mvn -q -DskipTests package}. Prints the median of the rounds, in nanoseconds per invocation.
 */
public final class MetricLineCost {

    private static final Invocation INVOCATION = new Invocation("fQ3aBi2YoAMEbXw=", Deadline.after(Duration.ofSeconds(9)));
    private static long sink;

    private MetricLineCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        INVOCATION.userId("user_2pQx7aZ9kLmN3oPqR5sT7uVwXyZ");
        // Warm-up: both paths reach the JIT's final tier before anything is timed.
        for (int i = 0; i < 3; i++) {
            time(MetricLineCost::lineOnly, perRound);
            time(MetricLineCost::lineWithMetrics, perRound);
        }
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            // Alternated, so that a burst of load elsewhere on the machine hits both alike.
            without[round] = time(MetricLineCost::lineOnly, perRound);
            with[round] = time(MetricLineCost::lineWithMetrics, perRound);
        }
        double base = Stats.median(without);
        double metrics = Stats.median(with);
        System.out.printf(Locale.ROOT, "log line only:          %8.0f ns/invocation (median of %d rounds of %d), %d bytes%n",
                base, rounds, perRound, lineOnly());
        System.out.printf(Locale.ROOT, "log line with metrics:  %8.0f ns/invocation, %d bytes%n", metrics, lineWithMetrics());
        System.out.printf(Locale.ROOT, "metrics add:            %8.0f ns/invocation (x%.2f)%n", metrics - base, metrics / base);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double time(java.util.function.LongSupplier invocation, int times) {
        long started = System.nanoTime();
        for (int i = 0; i < times; i++) {
            sink += invocation.getAsLong();
        }
        return (System.nanoTime() - started) / (double) times;
    }

    private static ObjectNode line() {
        return InvocationLog.line("CreateSessionFunction", "POST /api/sessions", 201, 23_456, INVOCATION, null, false);
    }

    /** What every invocation did before the metrics: its line, built and serialized. */
    private static long lineOnly() {
        return Json.write(line()).length();
    }

    /** The same invocation with its metrics: begun, counted where the code counts, folded into the line, written. */
    private static long lineWithMetrics() {
        InvocationMetrics metrics = InvocationMetrics.begin("moduo-prod", "CreateSessionFunction", "POST /api/sessions", null);
        try {
            Metrics.count(Metric.STREAM_REQUESTS);
            Metrics.count(Metric.STREAM_REQUESTS);
            Metrics.count(Metric.STREAM_REQUESTS);
            Metrics.count(Metric.SESSIONS_CREATED);
            ObjectNode line = line();
            FunctionMetrics.request(metrics, 201, 23_456, null, false);
            long length = 0;
            for (ObjectNode document : metrics.documents(line, 1_796_545_876_524L)) {
                length += Json.write(document).length();
            }
            return length;
        } finally {
            metrics.end();
        }
    }
}
