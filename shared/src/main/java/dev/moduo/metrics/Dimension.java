package dev.moduo.metrics;

/**
 * The dimensions Moduo's metrics carry. Few on purpose: CloudWatch bills every combination of metric name and
 * dimension values as a custom metric, so a dimension is only added where an operator needs the breakdown, and
 * never one whose values grow with traffic (a user, a session, a request id: those stay in the log line).
 */
public enum Dimension {
    /** The stack (template.yaml sets it to the stack's name): two stacks in one account keep their metrics apart. */
    SERVICE("Service"),
    /** The function's handler class, which is its logical id in template.yaml: eleven values. */
    FUNCTION("Function"),
    /** The API Gateway route key ({@code POST /api/sessions}): one value per route of the template. */
    ROUTE("Route"),
    /** The Stream operation id or the MongoDB command that failed: a fixed set named in the code. */
    OPERATION("Operation"),
    /** Why a session ended: {@code session.EndReason}'s four. */
    REASON("Reason"),
    /** What became of a webhook delivery: {@link DeliveryOutcome}'s six. */
    OUTCOME("Outcome");

    private final String key;

    Dimension(String key) {
        this.key = key;
    }

    /** The member name in the document and the dimension name in CloudWatch. */
    public String key() {
        return key;
    }
}
