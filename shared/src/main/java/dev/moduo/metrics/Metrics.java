package dev.moduo.metrics;

/**
 * Where the code counts what happened: {@code Metrics.count(Metric.SESSIONS_ENDED, reason.stored())}. The count
 * goes to the invocation in progress on this thread, which writes it into its log line when it ends; outside an
 * invocation (a test calling a service directly, SnapStart priming, a command-line tool) it is dropped. Counting
 * never throws: a metric must not change what the code it observes does.
 */
public final class Metrics {

    private Metrics() {
    }

    public static void count(Metric metric) {
        InvocationMetrics current = InvocationMetrics.current();
        if (current != null) {
            current.count(metric);
        }
    }

    /** Counts one for {@code label}, the value of the metric's {@link Metric#label()} dimension. */
    public static void count(Metric metric, String label) {
        InvocationMetrics current = InvocationMetrics.current();
        if (current != null) {
            current.count(metric, label);
        }
    }
}
