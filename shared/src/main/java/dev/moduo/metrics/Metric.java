package dev.moduo.metrics;

import static dev.moduo.metrics.Dimension.FUNCTION;
import static dev.moduo.metrics.Dimension.OPERATION;
import static dev.moduo.metrics.Dimension.OUTCOME;
import static dev.moduo.metrics.Dimension.REASON;
import static dev.moduo.metrics.Dimension.ROUTE;
import static dev.moduo.metrics.Dimension.SERVICE;

import java.util.List;

/**
 * Every metric Moduo publishes (namespace {@value InvocationMetrics#NAMESPACE}), with its unit and dimension sets;
 * README's "Metrics and dashboard" lists the same, and template.yaml's dashboard and alarms use them.
 *
 * <p>Each metric is published under as few dimension sets as the dashboard needs, since each set is a metric
 * CloudWatch bills. Requests per route are not a metric of their own: {@link #DURATION}'s sample count is the
 * number of requests, and {@link #SERVER_ERRORS} is 0 or 1 per request, so its average is the error rate. A metric
 * whose {@link #label()} is set is counted per value of that dimension (the Stream operation that failed, say),
 * given where it is counted; {@code Service}, {@code Function} and {@code Route} come from the invocation.
 */
public enum Metric {
    /** Per HTTP request: the handler's time in milliseconds (p50/p99 per route; SampleCount = requests). */
    DURATION("Duration", Unit.MILLISECONDS, null, List.of(List.of(SERVICE, ROUTE))),
    /** Per HTTP request: 1 when it was answered 5xx, else 0. */
    SERVER_ERRORS("ServerErrors", Unit.COUNT, null, List.of(List.of(SERVICE, ROUTE))),
    /** Per invocation of any function: 1 for an execution environment's first (after a SnapStart restore too), else 0. */
    COLD_START("ColdStart", Unit.COUNT, null, List.of(List.of(SERVICE, FUNCTION))),
    /** A session created (answered 201). */
    SESSIONS_CREATED("SessionsCreated", Unit.COUNT, null, List.of(List.of(SERVICE))),
    /** A participant made a member of a session's call and channel: an interview can start. */
    SESSIONS_JOINED("SessionsJoined", Unit.COUNT, null, List.of(List.of(SERVICE))),
    /** A session ended, by whoever ended it. */
    SESSIONS_ENDED("SessionsEnded", Unit.COUNT, REASON, List.of(List.of(SERVICE, REASON))),
    /** A Stream user token issued to the web client. */
    TOKENS_ISSUED("TokensIssued", Unit.COUNT, null, List.of(List.of(SERVICE))),
    /** A webhook delivery, by what became of it; {@code Function} tells Clerk's from Stream's. */
    WEBHOOK_DELIVERIES("WebhookDeliveries", Unit.COUNT, OUTCOME, List.of(List.of(SERVICE, FUNCTION, OUTCOME))),
    /** A request to Stream's API (its retries not counted again): the denominator of the failure rate. */
    STREAM_REQUESTS("StreamRequests", Unit.COUNT, null, List.of(List.of(SERVICE))),
    /** A Stream request that failed after its retries (a 404 is an answer, not a failure), per operation and in all. */
    STREAM_FAILURES("StreamFailures", Unit.COUNT, OPERATION, List.of(List.of(SERVICE, OPERATION), List.of(SERVICE))),
    /** A MongoDB operation that failed because MongoDB was away or slow, per command and in all. */
    MONGO_FAILURES("MongoFailures", Unit.COUNT, OPERATION, List.of(List.of(SERVICE, OPERATION), List.of(SERVICE)));

    private final String metricName;
    private final Unit unit;
    private final Dimension label;
    private final List<List<Dimension>> dimensionSets;
    private final List<List<String>> dimensionKeys;

    Metric(String metricName, Unit unit, Dimension label, List<List<Dimension>> dimensionSets) {
        this.metricName = metricName;
        this.unit = unit;
        this.label = label;
        this.dimensionSets = dimensionSets;
        this.dimensionKeys = dimensionSets.stream().map(set -> set.stream().map(Dimension::key).toList()).toList();
    }

    /** The name in CloudWatch and the member name in the document. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** The dimension this metric is counted per value of, where it is counted; null when it has none. */
    public Dimension label() {
        return label;
    }

    public List<List<Dimension>> dimensionSets() {
        return dimensionSets;
    }

    /** The dimension sets by key, as the document names them. */
    public List<List<String>> dimensionKeys() {
        return dimensionKeys;
    }
}
